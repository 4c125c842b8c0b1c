export { type KubeConfigSource, loadKubeConfig } from './kube-config.loader';
export { KubernetesPlatform } from './kubernetes.platform';
