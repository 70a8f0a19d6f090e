export * from './scenario/demo-events';
export * from './scenario/demo-setup';
export * from './scenario/scenario';
export * from './loader/demo-api';
export * from './loader/demo-progress';
export * from './loader/demo-record';
export * from './loader/demo-loader';
export * from './loader/demo-summary';
