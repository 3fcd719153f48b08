/** Security model: a baseline for every system, plus the controls each declared compliance regime requires. */
import type { Requirements } from '../requirements.js';

type Regime = Requirements['compliance'][number];

export interface SecurityControls {
  regime: Regime | 'baseline';
  reference: string;
  controls: string[];
}

export const REGIME_CONTROLS: Record<Regime, Omit<SecurityControls, 'regime'>> = {
  gdpr: {
    reference: 'GDPR Art. 5, 17, 25, 32',
    controls: [
      'Data minimisation: each context stores only the personal fields its use cases need.',
      'Right to erasure: DELETE on personal resources, plus crypto-shredding of per-subject keys in backups and events.',
      'Personal data stays in an EU region; processors are listed with a data processing agreement.',
      'Retention periods per entity, enforced by scheduled deletion.',
    ],
  },
  'pci-dss': {
    reference: 'PCI DSS v4.0 Req. 1, 3, 4, 10',
    controls: [
      'Card numbers never enter the system: the payment provider tokenises them (hosted fields), keeping scope at SAQ A.',
      'The payments context runs in its own namespace with NetworkPolicies as the segmentation control.',
      'Audit log of every access to payment records, retained for 12 months.',
      'TLS 1.2+ on every hop; keys rotated at least yearly.',
    ],
  },
  hipaa: {
    reference: 'HIPAA Security Rule §164.312',
    controls: [
      'PHI encrypted at rest with customer-managed keys and in transit with TLS 1.2+.',
      'Business associate agreements with the cloud and every processor.',
      'Access to PHI logged and retained for six years; minimum-necessary role scopes.',
    ],
  },
  soc2: {
    reference: 'AICPA Trust Services Criteria CC6–CC8',
    controls: [
      'Change management: every change through a reviewed pull request and CI; production access is break-glass only.',
      'Quarterly access reviews; SSO with MFA for all staff tools.',
      'Centralised, tamper-evident logging and an incident response runbook.',
    ],
  },
  iso27001: {
    reference: 'ISO/IEC 27001:2022 Annex A',
    controls: [
      'Asset inventory generated from the architecture model; risk register reviewed each quarter.',
      'Supplier security reviews for every integration.',
    ],
  },
  'iec-62443': {
    reference: 'IEC 62443-3-3 (zones and conduits, SL 2)',
    controls: [
      'Zones and conduits: devices, ingest and the operator console are separate zones; only declared conduits (NetworkPolicies) connect them.',
      'Each device has its own X.509 identity and authenticates with mutual TLS; no shared credentials.',
      'No inbound connections from the enterprise zone into the control zone; commands flow through an authenticated, audited API.',
      'Signed configuration and firmware; changes logged with operator identity.',
    ],
  },
  sox: {
    reference: 'SOX §404 IT general controls',
    controls: [
      'Segregation of duties: those who write code cannot deploy it alone.',
      'Financial records are append-only with an immutable audit trail.',
    ],
  },
};

export function securityModel(req: Requirements, deployables: number): SecurityControls[] {
  const baseline: SecurityControls = {
    regime: 'baseline',
    reference: 'OWASP API Security Top 10 (2023), NSA/CISA Kubernetes Hardening Guide',
    controls: [
      'OAuth 2.0 / OpenID Connect at the edge: every operation requires a bearer token (JWT, short-lived) checked for scope and for object ownership (BOLA).',
      deployables > 1
        ? 'Service-to-service calls authenticated with mutual TLS (service mesh) and a workload identity per service account.'
        : 'One deployable: module calls stay in process; the database role per module limits each to its own schema.',
      'Secrets from a secret manager mounted at runtime, never in images, manifests or plain environment values.',
      'Default-deny NetworkPolicies with explicit allow rules; containers non-root with read-only root filesystems.',
      'Rate limits per client at the edge (429 with Retry-After); request bodies bounded by schema limits.',
      'Encryption at rest for every store and backup.',
      ...(req.capabilities.some((k) => k.clients === 'devices')
        ? [
            'Devices connect to a device broker (MQTT 5 over TLS) with an X.509 client certificate each, not a bearer token: per-device identity, topic ACLs that let a device publish only its own telemetry and receive only its own commands, quotas and certificate revocation.',
          ]
        : []),
    ],
  };
  return [baseline, ...[...req.compliance].sort().map((r) => ({ regime: r, ...REGIME_CONTROLS[r] }))];
}
