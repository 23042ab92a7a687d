// Validates Kubernetes objects offline; run by schema-validation.ts as a child process, because both libraries are
// ECMAScript modules, which jest's CommonJS runtime cannot load. Reads a JSON array of objects on stdin and writes
// [{ id, errors }]:
// - kubernetes-models: the OpenAPI schema of the object's apiVersion/kind (types, required fields, quantity formats);
// - @kubernetes/client-node's model attribute maps: fields the API does not define (a typo such as `securityContxt`
//   passes a JSON schema without additionalProperties, and the API server would drop it without a word).
import * as client from '@kubernetes/client-node';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const objects = JSON.parse(Buffer.concat(chunks).toString('utf8'));

function modelPath(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [undefined, apiVersion];
  return `kubernetes-models/${group === undefined ? '' : `${group.replace(/\.k8s\.io$/, '.k8s.io')}/`}${version}/${kind}`;
}

function clientModelName(apiVersion, kind) {
  const version = apiVersion.split('/').pop();
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
}

function unknownFields(value, type, path, errors) {
  if (value === null || value === undefined) return;
  const list = /^Array<(.+)>$/.exec(type);
  if (list) {
    if (Array.isArray(value)) value.forEach((item, i) => unknownFields(item, list[1], `${path}[${i}]`, errors));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    for (const [key, item] of Object.entries(value)) unknownFields(item, map[1], `${path}.${key}`, errors);
    return;
  }
  const model = client[type];
  if (typeof model?.getAttributeTypeMap !== 'function' || typeof value !== 'object' || Array.isArray(value)) return;
  const fields = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [key, item] of Object.entries(value)) {
    const fieldType = fields.get(key);
    if (fieldType === undefined) errors.push(`${path}.${key}: unknown field of ${type}`);
    else unknownFields(item, fieldType, `${path}.${key}`, errors);
  }
}

const results = [];
for (const object of objects) {
  const id = `${object.kind}/${object.metadata?.name}`;
  const errors = [];
  try {
    const module = await import(modelPath(object.apiVersion, object.kind));
    new module[object.kind](object).validate();
  } catch (err) {
    errors.push(
      err.code === 'ERR_MODULE_NOT_FOUND' ? `no schema for ${object.apiVersion} ${object.kind}` : err.message,
    );
  }
  const name = clientModelName(object.apiVersion, object.kind);
  if (client[name] === undefined) errors.push(`no client model ${name}`);
  else unknownFields(object, name, '', errors);
  results.push({ id, errors });
}
process.stdout.write(JSON.stringify(results));
