/** The id a diagnosis link names: environment, object and kind of the diagnosis. */
export const diagnosisId = (d: {
  environment: string;
  object: { kind: string; name: string };
  kind: string;
}) => `${d.environment}/${d.object.kind}/${d.object.name}/${d.kind}`;
