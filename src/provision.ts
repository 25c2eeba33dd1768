// The toolchain-provisioning API that the CLI, the generators and `toolchain bump` share.
// Nothing here knows about Yeoman.
export { readLock, readLockOrEmpty, writeLock, resolveLockfile, shippedLockPath, LOCK_FILE } from './lock/file.js';
export {
  parseLock,
  serializeLock,
  entryLock,
  getEntry,
  withEntry,
  emptyLock,
  type Lock,
  type ToolchainEntry,
  type LockedArtifact,
} from './lock/schema.js';
export { lockToolchain, buildEntry, type LockOptions, type LockResult } from './provisioning/lock-toolchain.js';
export { fetchChannelManifest } from './provisioning/channel-fetch.js';
export { installToolchain, type InstallOptions, type InstallResult } from './provisioning/install.js';
export { defaultRustupHome } from './toolchain/rustup-home.js';
export { verifyToolchain, listToolchains, type VerifyOptions, type ListedToolchain } from './provisioning/status.js';
export { parseChannelManifest, resolveComponent } from './provisioning/channel-manifest.js';
export { defaultCacheDir } from './provisioning/cache.js';
export { resolveDistServer } from './provisioning/mirror.js';
export {
  detectHost,
  parseToolchainName,
  DEFAULT_HOSTS,
  DEFAULT_REQUIRED,
  DEFAULT_OPTIONAL,
} from './lock/toolchain-names.js';
