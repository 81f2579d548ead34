import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readCostPrices } from './prices';

const table = {
  cpuCoreHour: 0.0316,
  memoryGiBHour: 0.0042,
  storageGiBMonth: 0.04,
  loadBalancerHour: 0.025,
};
const config = (prices: unknown) =>
  new ConfigReader({ paved: { cost: { prices } } } as ConstructorParameters<
    typeof ConfigReader
  >[0]);

describe('readCostPrices', () => {
  it('reads each cluster table with defaults for currency and idle sharing', () => {
    const prices = readCostPrices(
      config({
        local: table,
        'eu-west.prod': {
          ...table,
          cpuCoreHour: '0.05',
          currency: 'EUR',
          idleSharing: true,
        },
      }),
    );
    expect(prices.get('local')).toEqual({
      ...table,
      currency: 'USD',
      idleSharing: false,
    });
    expect(prices.get('eu-west.prod')).toEqual({
      ...table,
      cpuCoreHour: 0.05,
      currency: 'EUR',
      idleSharing: true,
    });
  });

  it('is empty without paved.cost.prices', () => {
    expect(readCostPrices(new ConfigReader({})).size).toBe(0);
  });

  it.each([
    [
      { ...table, memoryGiBHour: undefined },
      "paved.cost.prices.local.memoryGiBHour is missing; set it to the price in the table's currency",
    ],
    [
      { ...table, cpuCoreHour: -1 },
      'paved.cost.prices.local.cpuCoreHour must be a number of at least 0, got -1',
    ],
    [
      { ...table, loadBalancerHour: '$0.02' },
      'paved.cost.prices.local.loadBalancerHour must be a number of at least 0, got "$0.02"',
    ],
    [
      { ...table, currency: 'dollars' },
      'paved.cost.prices.local.currency must be a three-letter ISO 4217 code',
    ],
    [
      { ...table, idleSharing: 'sometimes' },
      'paved.cost.prices.local.idleSharing must be true or false',
    ],
    [
      { ...table, cpuHour: 1 },
      'paved.cost.prices.local has unknown field(s) cpuHour',
    ],
    [42, 'paved.cost.prices.local must be an object'],
  ])('refuses %j', (local, message) => {
    const read = () => readCostPrices(config({ local }));
    expect(read).toThrow(InputError);
    expect(read).toThrow(message);
  });
});
