import type { Rule } from '../types.js';
import { capabilitiesNotDropped } from './capabilities-not-dropped.js';
import { containerRunsAsRoot } from './container-runs-as-root.js';
import { corsWildcard } from './cors-wildcard.js';
import { datastorePubliclyExposed } from './datastore-publicly-exposed.js';
import { endOfLifeImage } from './end-of-life-image.js';
import { hostNamespaces } from './host-namespaces.js';
import { missingAuditLogging } from './missing-audit-logging.js';
import { missingNetworkPolicy } from './missing-network-policy.js';
import { mutableImageTag } from './mutable-image-tag.js';
import { plaintextSecretRule } from './plaintext-secret.js';
import { plaintextSensitiveTraffic } from './plaintext-sensitive-traffic.js';
import { privilegeEscalationAllowed } from './privilege-escalation-allowed.js';
import { privilegedContainer } from './privileged-container.js';
import { publicApiWithoutAuth } from './public-api-without-auth.js';
import { writableRootFilesystem } from './writable-root-filesystem.js';

export const securityRules: Rule[] = [
  // container hardening (NSA/CISA, Pod Security Standards, CIS Docker)
  containerRunsAsRoot,
  privilegedContainer,
  hostNamespaces,
  capabilitiesNotDropped,
  privilegeEscalationAllowed,
  writableRootFilesystem,
  mutableImageTag,
  endOfLifeImage,
  // secrets and exposure
  plaintextSecretRule,
  datastorePubliclyExposed,
  missingNetworkPolicy,
  plaintextSensitiveTraffic,
  // APIs and compliance
  publicApiWithoutAuth,
  corsWildcard,
  missingAuditLogging,
];
