export * from './apply-resources.decorator';
export * from './read-documents';
export * from './resource-problems.filter';
export * from './resources-request';
export * from './yaml-body.middleware';
