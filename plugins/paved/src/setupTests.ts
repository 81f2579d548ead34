import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy… and waitFor wait for what the components render, not for a wall-clock second: on a loaded machine (the
// cluster suites run beside the unit tests, two Jest workers on two cores) a card's first answer has taken longer
// than 10 s. The bound only decides when a missing element is reported; a passing test does not wait for it.
configure({ asyncUtilTimeout: 30_000 });
jest.setTimeout(60_000);
