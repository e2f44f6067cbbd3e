/** Statistics over the review history and card states: pure functions, no database, no DOM. */
export * from './activity';
export * from './streak';
export * from './forecast';
export * from './distribution';
export * from './retention';
export * from './summary';
