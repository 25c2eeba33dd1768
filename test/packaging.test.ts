// The package as users get it: `npm pack`, installed from the tarball into a fresh prefix
// without devDependencies, run only through the installed bins (ostoo, and yo 7 beside it).
// Every other test runs from the checkout, which hides a runtime import of a devDependency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot, tempDir } from './helpers/paths.js';
import { sharedStdCache } from './helpers/shared-std.js';
import { toolchainOrSkip } from './helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();

/** yo refuses root (it drops to another uid), so as root the yo half runs as this system user. */
const yoUser = 'ostoo-pkg';

async function ensureUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const id = async (flag: string) => Number((await execa('id', [flag, yoUser])).stdout.trim());
  if ((await execa('id', [yoUser], { reject: false })).exitCode !== 0) {
    await execa('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', yoUser]);
  }
  return { uid: await id('-u'), gid: await id('-g') };
}

test(
  'packed tarball installed without devDependencies: ostoo new/program/verify/toolchain list, the build script, yo ostoo and yo ostoo:program',
  { skip, timeout: 20 * 60_000 },
  async () => {
    const root = tempDir('pack');
    chmodSync(root, 0o755); // the yo user must reach the installed package
    const pack = await execa('npm', ['pack', repoRoot, '--ignore-scripts', '--json', '--pack-destination', root], {
      cwd: root,
    });
    const [packed] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
    const files = packed.files.map((f) => f.path);
    for (const needed of [
      'bin/ostoo.js',
      'lib/src/cli/main.js',
      'lib/generators/app/index.js',
      'lib/generators/program/index.js',
      'toolchains.lock',
      'package.json',
    ]) {
      assert.ok(files.includes(needed), `the tarball ships ${needed}`);
    }
    assert.ok(
      files.some((f) => f.startsWith('templates/')),
      'the tarball ships templates/',
    );
    assert.deepEqual(
      files.filter((f) => /^(lib\/)?(test|bench)\//.test(f)),
      [],
      'nothing from test/ or bench/',
    );

    // Nothing runs at install (npm warns of install-time scripts, and would build without devDependencies).
    const manifest = JSON.parse(
      (await execa('tar', ['-xOzf', path.join(root, packed.filename), 'package/package.json'])).stdout,
    ) as { scripts?: Record<string, string> };
    const installTime = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare'];
    assert.deepEqual(
      Object.keys(manifest.scripts ?? {}).filter((s) => installTime.includes(s)),
      [],
      'no install-time scripts in the packed package.json',
    );

    const prefix = path.join(root, 'prefix');
    const install = await execa(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--omit=dev',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        path.join(root, packed.filename),
        'yo@7',
      ],
      { cwd: root, all: true },
    ).catch((err) => assert.fail(`npm install failed:\n${err.all ?? err.message}`));
    assert.doesNotMatch(
      install.all ?? '',
      /install-scripts\s+generator-ostoo@/,
      'npm warns of no install script of ours',
    );
    const installed = path.join(prefix, 'lib', 'node_modules', 'generator-ostoo');
    for (const dev of ['typescript', 'eslint', 'yeoman-test', 'yo']) {
      assert.ok(!existsSync(path.join(installed, 'node_modules', dev)), `devDependency ${dev} is not installed`);
    }
    // Only the prefix's bins and the system: not the checkout's node_modules/.bin, not rustup.
    const env = {
      PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin:/usr/sbin:/sbin`,
      NO_COLOR: '1',
      // The installed ostoo links the suite's shared prebuilt std.
      OSTOO_CACHE_DIR: sharedStdCache(),
    };
    const ostoo = path.join(prefix, 'bin', 'ostoo');

    // As root (CI): the plain CLI, which works as root.
    const work = path.join(root, 'work');
    mkdirSync(work);
    const dir = path.join(work, 'kernel');
    const gen = await execa(ostoo, ['new', dir, '--yes', '--toolchain-path', toolchain!.root], {
      cwd: work,
      env,
      all: true,
    }).catch((err) => assert.fail(`installed ostoo new failed:\n${err.all ?? err.message}`));
    assert.match(gen.stdout, /musl sysroot ready/);
    await execa(ostoo, ['program', 'tool-a'], { cwd: path.join(dir, 'user-rs'), env });
    const build = await execa('bash', [path.join(dir, 'scripts/user-rs-build.sh')], { env, all: true }).catch((err) =>
      assert.fail(`build failed:\n${err.all ?? err.message}`),
    );
    // The installed ostoo is on PATH, so the script verified every deployed binary.
    for (const prog of ['hello-rs', 'hello-std', 'tool-a'])
      assert.match(build.stdout, new RegExp(`/user/${prog}: ok {3}entry:`));
    assert.doesNotMatch(build.stdout, /FAIL/);
    assert.equal((await execa(path.join(dir, 'user/hello-rs'))).stdout, 'Hello from Rust on ostoo!\nHeap works: 42');
    assert.equal(
      (await execa(path.join(dir, 'user/hello-std'))).stdout,
      'Hello from Rust std on ostoo!\nHashMap works: {"key": 42}',
    );
    assert.equal((await execa(path.join(dir, 'user/tool-a'))).stdout, 'Hello from tool-a (no_std) on ostoo!');
    const verify = await execa(ostoo, ['verify', path.join(dir, 'user/hello-rs'), path.join(dir, 'user/hello-std')], {
      env,
    });
    assert.match(verify.stdout, /hello-std: ok {3}static/);
    const list = await execa(ostoo, ['toolchain', 'list'], { env });
    assert.match(list.stdout, /^nightly-\d{4}-\d{2}-\d{2}\s+pinned/m);

    // yo, installed beside it, as a non-root user with its own home.
    const user = await ensureUser();
    const home = path.join(root, 'home');
    const yoDir = path.join(root, 'yo-kernel');
    for (const d of [home, yoDir]) {
      mkdirSync(d);
      if (user) chownSync(d, user.uid, user.gid);
    }
    const yoRun = (args: string[], cwd: string) => {
      const cmd = [path.join(prefix, 'bin', 'yo'), ...args];
      const asUser = user
        ? ['runuser', '-u', yoUser, '--', 'env', `HOME=${home}`, `PATH=${env.PATH}`, 'NO_COLOR=1', ...cmd]
        : cmd;
      return execa(asUser[0]!, asUser.slice(1), {
        cwd,
        env: { ...env, HOME: home },
        stdin: 'ignore',
        all: true,
        reject: false,
      });
    };
    const yo = async (args: string[], cwd: string) => {
      const res = await yoRun(args, cwd);
      assert.equal(res.exitCode, 0, `${args.join(' ')} failed: ${res.message ?? ''}\n${res.all ?? ''}`);
      return res;
    };
    // yo, like ostoo, refuses an unknown option in one line and writes nothing.
    const refused = await yoRun(['ostoo', '--yes', '--flavour', 'camkes', '--toolchain-path', toolchain!.root], yoDir);
    assert.equal(refused.exitCode, 1, refused.all);
    assert.match(refused.stderr, /^ostoo: unknown option '--flavour' — did you mean --flavor\?$/m);
    assert.doesNotMatch(refused.all ?? '', /Error ostoo|An error occured/);
    assert.deepEqual(readdirSync(yoDir), []);
    // yo's help is the definition's: ostoo's own --skip-install, and the toolchain's --dist-server.
    assert.match((await yo(['ostoo', '--help'], yoDir)).stdout, /^ {2}--skip-install\s+Do not provision/m);
    assert.match((await yo(['ostoo:toolchain', '--help'], yoDir)).stdout, /^ {2}--dist-server <value>/m);
    const yoNew = await yo(['ostoo', '--yes', '--toolchain-path', toolchain!.root], yoDir);
    assert.match(yoNew.all, /user-rs workspace ready/);
    await yo(['ostoo:program', 'tool-b', '--std'], path.join(yoDir, 'user-rs'));
    assert.match(readFileSync(path.join(yoDir, 'user-rs', 'tool-b', 'src', 'main.rs'), 'utf8'), /^fn main\(\) \{$/m);
    // Cargo reads the workspace yo wrote, tool-b included, as that user would.
    const meta = await execa(toolchain!.cargo, ['metadata', '--no-deps', '--offline', '--format-version', '1'], {
      cwd: path.join(yoDir, 'user-rs'),
    });
    const names = (JSON.parse(meta.stdout) as { packages: { name: string }[] }).packages.map((p) => p.name);
    for (const n of ['hello-rs', 'hello-std', 'tool-b']) assert.ok(names.includes(n), `${n} is a workspace member`);

    // yo started as root drops to another uid but keeps root's home: one line pointing to ostoo.
    if (user) {
      const asRoot = path.join(root, 'as-root');
      mkdirSync(asRoot, { mode: 0o777 });
      const res = await execa(path.join(prefix, 'bin', 'yo'), ['ostoo', '--yes'], {
        cwd: asRoot,
        // As a user has it: yo's update-notifier on (it is off in CI and under NODE_ENV=test).
        env: { ...env, CI: undefined, NODE_ENV: undefined, NO_UPDATE_NOTIFIER: undefined },
        stdin: 'ignore',
        all: true,
        reject: false,
      });
      assert.notEqual(res.exitCode, 0);
      assert.match(res.stderr, /^ostoo: yo does not run as root .* — run `ostoo new DIR`/m);
      assert.doesNotMatch(res.all ?? '', /EACCES|TypeError/);
      // The refusal is the last word: not yo's update-notifier box ("update check failed … sudo").
      assert.doesNotMatch(res.all ?? '', /update check failed|Try running with/);
      assert.deepEqual(readdirSync(asRoot), []);
    }
  },
);
