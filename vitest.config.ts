import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
    // The deck content checks start python3 for every card; give them room on a 2-core machine.
    testTimeout: 120_000,
  },
});
