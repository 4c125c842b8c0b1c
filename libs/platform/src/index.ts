export * from './model/kube-object';
export * from './model/label-selector';
export * from './model/annotations';
export * from './platform.errors';
export * from './platform.port';
export * from './application';
export * from './lab';
export * from './kubernetes';
