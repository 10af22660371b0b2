// kube-apiserver's Status objects (apimachinery metav1.Status) worded as the real server words them:
// 401 Unauthorized, 403 Forbidden for a resource or a non-resource path (RBAC's "User \"…\" cannot
// <verb> resource \"<res>\" in API group \"<g>\" in the namespace \"<ns>\"" / "at the cluster scope"),
// 404 NotFound, 400 BadRequest.
export interface ResourceRef {
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

type Status = Record<string, unknown>;

const status = (code: number, reason: string, message: string, details?: Record<string, unknown>): Status => ({
  kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code,
});

export const unauthorized = (): Status => status(401, 'Unauthorized', 'Unauthorized');

const qualified = (r: ResourceRef): string => (r.group ? `${r.resource}.${r.group}` : r.resource);
const details = (r: ResourceRef): Record<string, unknown> => ({ ...(r.name ? { name: r.name } : {}), ...(r.group ? { group: r.group } : {}), kind: r.resource });

export function forbiddenResource(user: string, verb: string, r: ResourceRef): Status {
  const res = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  const where = r.namespace ? `in the namespace "${r.namespace}"` : 'at the cluster scope';
  const subject = `${qualified(r)}${r.name ? ` "${r.name}"` : ''}`;
  return status(403, 'Forbidden', `${subject} is forbidden: User "${user}" cannot ${verb} resource "${res}" in API group "${r.group}" ${where}`, details(r));
}

export const forbiddenPath = (user: string, verb: string, path: string): Status => status(403, 'Forbidden', `forbidden: User "${user}" cannot ${verb} path "${path}"`, {});

export const notFound = (r: ResourceRef): Status => status(404, 'NotFound', `${qualified(r)} "${r.name ?? ''}" not found`, details(r));

export const noResource = (): Status => status(404, 'NotFound', 'the server could not find the requested resource', {});

export const badRequest = (message: string): Status => status(400, 'BadRequest', message);

export const alreadyExists = (r: ResourceRef): Status => status(409, 'AlreadyExists', `${qualified(r)} "${r.name ?? ''}" already exists`, details(r));
