export * from './create-logger';
export * from './run-process';
