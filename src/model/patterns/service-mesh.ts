/**
 * Service mesh (Istio, Linkerd): sidecars injected into the business workloads (namespace labels
 * `istio-injection: enabled` / `istio.io/rev`, pod annotations `sidecar.istio.io/inject: "true"`,
 * `linkerd.io/inject: enabled`, a control plane deployed) and mesh policies (VirtualService, DestinationRule,
 * PeerAuthentication, AuthorizationPolicy, ServiceEntry, Sidecar; Linkerd ServiceProfile, Server). Partial when
 * mesh objects exist but nothing in the files injects the sidecars; contradicted when strict mTLS is required
 * but workloads opt out of the sidecar (`sidecar.istio.io/inject: "false"`).
 */
import type { PatternEvidence } from '../schema.js';
import { evidence, field, names, type PatternRecognizer, plural, sortedUnique } from './types.js';

const MESH_API = /^(networking|security)\.istio\.io\/|^(policy\.)?linkerd\.io\//;
const CONTROL_PLANE = /^(istiod|istio-pilot|linkerd-(destination|controller|identity|proxy-injector))$/;

export const serviceMesh: PatternRecognizer = {
  ids: ['service-mesh'],
  names: { 'service-mesh': 'Service mesh' },
  recognize(ctx) {
    const injection: PatternEvidence[] = [];
    const policies: PatternEvidence[] = [];
    const techs = new Set<string>();
    const optOut: { text: string; source: PatternEvidence['source'] }[] = [];
    const injected = new Set<string>();
    let strict: PatternEvidence | undefined;
    for (const o of ctx.objects) {
      if (o.kind === 'Namespace') {
        const labels = (field(o.data, 'metadata', 'labels') ?? {}) as Record<string, unknown>;
        const annotations = (field(o.data, 'metadata', 'annotations') ?? {}) as Record<string, unknown>;
        if (labels['istio-injection'] === 'enabled' || typeof labels['istio.io/rev'] === 'string') {
          techs.add('Istio');
          injection.push(
            evidence(`namespace ${o.name} has Istio sidecar injection`, o.locate('metadata', 'labels')),
          );
        }
        if (annotations['linkerd.io/inject'] === 'enabled') {
          techs.add('Linkerd');
          injection.push(
            evidence(`namespace ${o.name} has Linkerd proxy injection`, o.locate('metadata', 'annotations')),
          );
        }
        continue;
      }
      if (!MESH_API.test(o.apiVersion)) continue;
      const tech = o.apiVersion.includes('istio') ? 'Istio' : 'Linkerd';
      techs.add(tech);
      policies.push(evidence(`${tech} ${o.kind} ${o.name}`, o.locate()));
      if (o.kind === 'PeerAuthentication' && field(o.data, 'spec', 'mtls', 'mode') === 'STRICT')
        strict = evidence(
          `PeerAuthentication ${o.name} requires mutual TLS`,
          o.locate('spec', 'mtls', 'mode'),
        );
    }
    for (const d of ctx.model.deployables) {
      if (ctx.inTest(d) || !ctx.business.has(d.serviceId)) continue;
      const marks = { ...d.podLabels, ...d.annotations };
      const istio = marks['sidecar.istio.io/inject'];
      const linkerd = marks['linkerd.io/inject'];
      if (istio === 'true' || linkerd === 'enabled') {
        techs.add(istio === 'true' ? 'Istio' : 'Linkerd');
        injected.add(d.serviceId);
        injection.push(evidence(`${d.name} has its sidecar injected`, d.source));
      } else if (istio === 'false' || linkerd === 'disabled')
        optOut.push({ text: `${d.name} opts out of the sidecar`, source: d.source });
    }
    for (const s of ctx.model.services) {
      if (!CONTROL_PLANE.test(s.id) || !ctx.shipped(s.id)) continue;
      techs.add(s.id.startsWith('linkerd') ? 'Linkerd' : 'Istio');
      injection.push(evidence(`${s.name}: mesh control plane deployed`, s.source));
    }
    if (injection.length === 0 && policies.length === 0) return [];
    const tech = [...techs].sort().join(', ');
    const contradicted = strict !== undefined && optOut.length > 0;
    const status = contradicted ? 'contradicted' : injection.length ? 'applied' : 'partial';
    return [
      {
        id: 'service-mesh',
        name: `Service mesh (${tech})`,
        status,
        services: sortedUnique(injected),
        evidence: [...injection, ...policies, ...(strict ? [strict] : [])],
        gaps: contradicted
          ? optOut
          : injection.length
            ? []
            : [{ text: 'no namespace label, pod annotation or control plane injects the sidecars' }],
        notes: contradicted
          ? `mutual TLS is required, but ${names(optOut.map((o) => o.text.split(' ')[0]!))} run${optOut.length === 1 ? 's' : ''} without a sidecar`
          : injection.length
            ? `sidecars are injected${policies.length ? ` and ${plural(policies.length, 'mesh policy', 'mesh policies')} shape the traffic` : ''}`
            : `${plural(policies.length, 'mesh object')} exist${policies.length === 1 ? 's' : ''}, but nothing in the files injects the sidecars`,
      },
    ];
  },
  expected(model) {
    const why =
      model.declared.compliance.length > 0
        ? `declared compliance (${model.declared.compliance.join(', ')}) asks for encrypted, authenticated service-to-service traffic`
        : model.declared.trustBoundaries.length > 0
          ? 'declared trust boundaries need enforced service identity'
          : undefined;
    return { 'service-mesh': why };
  },
};
