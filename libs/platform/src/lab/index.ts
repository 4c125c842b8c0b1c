// The lab adapter of the platform port: a Kubernetes-like site on one machine (see README.md).
export { LabPlatform, labSiteServeCommand } from './client/lab.platform';
export { LabSite, type LabSiteOptions, SCALE_FIELD_MANAGER } from './lab-site';
export { LabSiteServer, type LabSiteServerOptions, type ServerInfo } from './server/lab-site.server';
export { createLabSite, type CreateLabSiteOptions } from './site/create-site';
export { type SiteConfig } from './site/site-config';
export { SiteLayout } from './site/site-layout';
export { LAB_PROVISIONER, LAB_STORAGE_CLASS } from './controllers/volume.controller';
export { LAB_STRETCHED_PROVISIONER, LAB_STRETCHED_STORAGE_CLASS, type StretchedVolumeMarker } from './volumes/stretched-volumes';
export { DOMAIN_FENCED_REASON } from './admission/stretched-volume.fence';
export { CONTROLLER_MANAGER } from './api/object-api';
export { type LabLogger } from './util/lab-logger';
export { stopLabSite, type StopLabSiteResult } from './site/stop-site';
