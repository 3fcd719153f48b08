/** Container image references: their parts, and the name services and stores are recognised by. */

export interface ImageParts {
  image: string;
  tag?: string;
  digest?: string;
}

/** `redis:7.2@sha256:…` → tag 7.2 and the digest; a registry port (`host:5000/x`) is not a tag. */
export function splitImage(ref: string): ImageParts {
  const image = ref.trim();
  // Template expressions (`${TAG:-1.0}`, `{{ .Values.tag }}`) may hold ':' and '/': mask them, same length.
  let rest = image.replace(/\$\{[^}]*\}|\{\{[^}]*\}\}/g, (m) => m.replace(/[:/@]/g, '_'));
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  const tag = colon > slash ? image.slice(colon + 1, rest.length) : undefined;
  if (digest) digest = image.slice(at + 1);
  return { image, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** The repository part of an image reference, without registry, tag or digest: `docker.io/library/redis:7` → `redis`. */
export function imageName(ref: string): string {
  let rest = ref.trim().toLowerCase();
  const at = rest.indexOf('@');
  if (at >= 0) rest = rest.slice(0, at);
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) rest = rest.slice(0, colon);
  return rest.slice(rest.lastIndexOf('/') + 1);
}
