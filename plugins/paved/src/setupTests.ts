import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy… and waitFor wait for what the components render, not for a wall-clock second: on a loaded machine (the
// cluster suites run beside the unit tests) a card's first answer can take longer than the default 1 s
configure({ asyncUtilTimeout: 10_000 });
