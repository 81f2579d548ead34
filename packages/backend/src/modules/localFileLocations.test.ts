import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModuleLocalFileLocations } from './localFileLocations';

async function allowedTypesWith(config: object): Promise<jest.Mock> {
  const setAllowedLocationTypes = jest.fn();
  await startTestBackend({
    extensionPoints: [
      [catalogLocationsExtensionPoint, { setAllowedLocationTypes }],
    ],
    features: [
      catalogModuleLocalFileLocations,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return setAllowedLocationTypes;
}

describe('catalogModuleLocalFileLocations', () => {
  it('allows file locations beside url ones when the app config turns it on', async () => {
    const set = await allowedTypesWith({
      paved: { localCatalog: { allowFileLocations: true } },
    });
    expect(set).toHaveBeenCalledTimes(1);
    expect(set).toHaveBeenCalledWith(['url', 'file']);
  });

  it('leaves the catalog\u2019s location types alone otherwise', async () => {
    expect(await allowedTypesWith({})).not.toHaveBeenCalled();
    expect(
      await allowedTypesWith({
        paved: { localCatalog: { allowFileLocations: false } },
      }),
    ).not.toHaveBeenCalled();
  });
});
