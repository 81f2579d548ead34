import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import yaml from 'yaml';

/** The fields of a catalog file that `paved:catalog:register-local` checks. */
export interface CatalogInfo {
  apiVersion?: unknown;
  kind?: unknown;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, unknown>;
  };
  spec?: { owner?: unknown };
}

const KUBERNETES_ID = 'backstage.io/kubernetes-id';
/** Backstage's entity name rule. */
const ENTITY_NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;
/** Backstage's entity namespace rule. */
const ENTITY_NAMESPACE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type Loose = Record<string, any>;

/** Reads one YAML document from a workspace file; refuses missing files and anything but one mapping. */
export async function readCatalogInfo(
  file: string,
  shown: string,
): Promise<CatalogInfo> {
  const text = await fs.readFile(file, 'utf8').catch(() => {
    throw new InputError(
      `catalogInfoPath "${shown}": no such file in the task workspace; fetch the skeleton first (fetch:template) or point catalogInfoPath at the catalog file`,
    );
  });
  return parseCatalogInfo(text, shown);
}

/** Parses one YAML document of a catalog file (`shown` names it in errors); refuses anything but one mapping. */
export function parseCatalogInfo(text: string, shown: string): CatalogInfo {
  const documents = yaml.parseAllDocuments(text);
  if (documents.length !== 1) {
    throw new InputError(
      `${shown} holds ${documents.length} YAML documents; keep exactly one, the Component to register`,
    );
  }
  const [document] = documents;
  if (document.errors.length > 0) {
    throw new InputError(
      `${shown} is not valid YAML: ${document.errors[0].message}`,
    );
  }
  const value = document.toJS() as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(
      `${shown} does not describe an entity; write a mapping with apiVersion, kind, metadata and spec`,
    );
  }
  const loose = value as Loose;
  return {
    ...loose,
    metadata:
      loose.metadata && typeof loose.metadata === 'object'
        ? loose.metadata
        : { name: '' },
  } as CatalogInfo;
}

/** Every reason the entity cannot be registered as a Paved Component, each naming the field and the fix. */
export function componentProblems(entity: CatalogInfo): string[] {
  const problems: string[] = [];
  const { metadata } = entity;
  if (entity.apiVersion !== 'backstage.io/v1alpha1') {
    problems.push(
      `apiVersion: is ${JSON.stringify(
        entity.apiVersion,
      )}; write apiVersion: backstage.io/v1alpha1`,
    );
  }
  if (entity.kind !== 'Component') {
    problems.push(
      `kind: is ${JSON.stringify(
        entity.kind,
      )}; only a Component can be registered here, write kind: Component`,
    );
  }
  if (typeof metadata.name !== 'string' || !metadata.name) {
    problems.push(
      'metadata.name: is missing; name the component, e.g. metadata.name: orders-api',
    );
  } else if (metadata.name.length > 63 || !ENTITY_NAME.test(metadata.name)) {
    problems.push(
      `metadata.name: "${metadata.name}" is not a valid entity name; use at most 63 letters, digits and single "-", "_" or "." between them`,
    );
  }
  if (
    metadata.namespace !== undefined &&
    (typeof metadata.namespace !== 'string' ||
      !ENTITY_NAMESPACE.test(metadata.namespace))
  ) {
    problems.push(
      `metadata.namespace: ${JSON.stringify(
        metadata.namespace,
      )} is not a valid namespace; use lowercase letters, digits and "-", or leave it out for "default"`,
    );
  }
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner.trim()) {
    problems.push(
      'spec.owner: is missing; set the owning team, e.g. spec.owner: group:default/team-checkout',
    );
  }
  const id = metadata.annotations?.[KUBERNETES_ID];
  if (typeof id !== 'string' || !id.trim()) {
    problems.push(
      `metadata.annotations["${KUBERNETES_ID}"]: is missing; add ${KUBERNETES_ID}: <name> (the label of its workloads) so the Platform tab finds them`,
    );
  }
  return problems;
}
