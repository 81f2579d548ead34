import { InputError } from '@backstage/errors';
import { kubernetesNameProblem } from '@paved/plugin-paved-common';
import { parseAllDocuments } from 'yaml';
import { KubernetesObject, SourcedObject } from './types';

/** Largest manifest text accepted in one piece. */
export const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;

/**
 * Parses multi-document YAML into Kubernetes objects. Every problem in every document is collected and
 * reported at once, each with its source, document index and field path. Alias expansion is capped so a
 * "billion laughs" document is refused rather than expanded.
 *
 * @public
 */
export function parseManifests(
  text: string,
  sourceName: string,
): SourcedObject[] {
  if (Buffer.byteLength(text) > MAX_MANIFEST_BYTES) {
    throw new InputError(
      `${sourceName}: ${Buffer.byteLength(
        text,
      )} bytes is more than the ${MAX_MANIFEST_BYTES} bytes accepted; split the manifests into several files`,
    );
  }
  const problems: string[] = [];
  const objects: SourcedObject[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    const where = `${sourceName}#${index}`;
    if (doc.errors.length > 0) {
      problems.push(
        ...doc.errors.map(e => `${where}: ${e.message.split('\n')[0]}`),
      );
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
      return;
    }
    if (value === null || value === undefined) {
      return; // an empty document, e.g. after a trailing ---
    }
    const found = validateObject(value);
    if (found.length > 0) {
      problems.push(...found.map(p => `${where}: ${p}`));
    } else {
      objects.push({ object: value as KubernetesObject, source: where });
    }
  });
  if (problems.length > 0) {
    throw new InputError(`Invalid manifests:\n  - ${problems.join('\n  - ')}`);
  }
  return objects;
}

/**
 * Checks the fields every Kubernetes object needs. Returns problems as "path: what is wrong; fix".
 *
 * @public
 */
export function validateObject(value: unknown): string[] {
  if (typeof value !== 'object' || Array.isArray(value) || value === null) {
    return [
      'the document is not a mapping; each document must be one Kubernetes object',
    ];
  }
  const obj = value as Partial<KubernetesObject>;
  const problems: string[] = [];
  if (typeof obj.apiVersion !== 'string' || !obj.apiVersion) {
    problems.push('apiVersion: missing; set it, e.g. apps/v1');
  }
  if (
    typeof obj.kind !== 'string' ||
    !/^[A-Z][A-Za-z0-9]*$/.test(obj.kind ?? '')
  ) {
    problems.push('kind: missing or not a Kind name; set it, e.g. Deployment');
  }
  const metadata = obj.metadata;
  if (typeof metadata !== 'object' || metadata === null) {
    problems.push('metadata: missing; every object needs metadata.name');
    return problems;
  }
  const name = metadata.name;
  if (name === undefined || name === null || name === '') {
    problems.push('metadata.name: missing; give the object a name');
  } else {
    const problem = kubernetesNameProblem('metadata.name', name, 'subdomain');
    if (problem) problems.push(problem);
  }
  if (metadata.namespace !== undefined) {
    const problem = kubernetesNameProblem(
      'metadata.namespace',
      metadata.namespace,
      'label',
    );
    if (problem) problems.push(problem);
  }
  return problems;
}
