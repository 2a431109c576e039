import '@testing-library/jest-dom/vitest';
import {configure} from '@testing-library/react';

// The findBy queries wait up to 5 s, not the library's 1 s: on a 2-core machine busy with the
// rest of the suite a first render can take longer than a second, and a test must not fail on
// the machine's speed (none asserts a time).
configure({asyncUtilTimeout: 5000});
