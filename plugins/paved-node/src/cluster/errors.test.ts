import {
  getKubernetesStatus,
  isSchemaRefusal,
  toBackstageError,
} from './errors';

const refusal = {
  kind: 'Status',
  status: 'Failure',
  code: 500,
  message:
    'failed to create typed patch object (shop/web; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string',
};

describe('toBackstageError', () => {
  it('makes an object that does not fit its schema an input error naming the field and how to look it up', () => {
    const error = toBackstageError(
      500,
      refusal,
      'applying Deployment shop/web',
    );
    expect(error.name).toBe('InputError');
    expect(error.message).toBe(
      'applying Deployment shop/web: .spec.replicas: expected numeric (int or float), got string (Deployment apps/v1); ' +
        "correct the field's name or value, or remove it (`kubectl explain deployment --api-version=apps/v1` lists the fields)",
    );
    // the API server's own answer stays readable
    expect(getKubernetesStatus(error)?.code).toBe(500);
  });

  it("names the core group's version without a leading slash", () => {
    const error = toBackstageError(
      500,
      {
        message:
          'failed to create typed patch object (shop/settings; /v1, Kind=ConfigMap): .mode: field not declared in schema',
      },
      'applying ConfigMap shop/settings',
    );
    expect(error.message).toContain('(ConfigMap v1)');
    expect(error.message).toContain('--api-version=v1`');
  });

  it('makes a value the API server cannot decode an input error too', () => {
    const status = {
      message:
        'failed to convert new object (shop/db; /v1, Kind=Secret) to proper version: unable to convert unstructured object to /v1, Kind=Secret: error decoding from json: illegal base64 data at input byte 7',
    };
    expect(isSchemaRefusal(500, status)).toBe(true);
    const error = toBackstageError(500, status, 'applying Secret shop/db');
    expect(error.name).toBe('InputError');
    expect(error.message).toContain(
      'applying Secret shop/db: error decoding from json: illegal base64 data at input byte 7 (Secret v1)',
    );
  });

  it('leaves any other 500 a passing unavailability', () => {
    const status = {
      message:
        'failed to create typed live object (shop/web; apps/v1, Kind=Deployment): errors: .spec.x: field not declared in schema',
    };
    expect(isSchemaRefusal(500, status)).toBe(false);
    expect(toBackstageError(500, status, 'applying').name).toBe(
      'ServiceUnavailableError',
    );
    // a custom resource whose conversion webhook is down
    expect(
      isSchemaRefusal(500, {
        message:
          'failed to convert new object (shop/w; example.dev/v2, Kind=Widget) to proper version: conversion webhook for example.dev/v1, Kind=Widget failed: connection refused',
      }),
    ).toBe(false);
    expect(isSchemaRefusal(400, refusal)).toBe(false);
    expect(isSchemaRefusal(500, refusal)).toBe(true);
  });
});
