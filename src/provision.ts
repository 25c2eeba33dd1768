// The toolchain-provisioning API that the CLI, the generators and `toolchain bump` share.
// Nothing here knows about Yeoman.
export { readLock, readLockOrEmpty, writeLock, resolveLockfile, shippedLockPath, LOCK_FILE } from './lock/file.js';
export { parseLock, serializeLock, entryLock, getEntry, withEntry, emptyLock, type Lock, type ToolchainEntry, type LockedArtifact } from './lock/schema.js';
export { lockToolchain, buildEntry, type LockOptions, type LockResult } from './dist/lock-toolchain.js';
export { fetchChannelManifest } from './dist/channel-fetch.js';
export { installToolchain, type InstallOptions, type InstallResult } from './dist/install.js';
export { defaultRustupHome } from './toolchain/rustup-home.js';
export { verifyToolchain, listToolchains, type VerifyOptions, type ListedToolchain } from './dist/status.js';
export { parseChannelManifest, resolveComponent } from './dist/channel-manifest.js';
export { defaultCacheDir } from './dist/cache.js';
export { resolveDistServer } from './dist/mirror.js';
export { detectHost, parseToolchainName, DEFAULT_HOSTS, DEFAULT_REQUIRED, DEFAULT_OPTIONAL } from './lock/names.js';
