// R31 and R32 (last point): the embedded database admits one process; a second
// opener is refused by name, a dead holder's lock is taken over, and a half
// initialised data folder is refused instead of opened.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTsx, spawnTsx, waitForExit, waitForLine } from "../helpers/child-process";

const OPENER = "tests/helpers/embedded-opener.ts";
const CLI = "app/cli/summit.ts";
/**
 * A refused opener exits as soon as Node has started; on an idle machine that is
 * about a second, but a loaded CI machine can take several just to start Node,
 * so the whole-process bound is loose and the refusal itself is timed inside.
 */

/** This machine's boot and a process's start time, as the lock records them (Linux /proc). */
const bootId = () => readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
const startTimeOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!;
};

describe("embedded database single-opener lock", () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "summit-lock-"));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it("refuses a second live opener within 5 s, naming the holder's PID, and takes over after the holder is killed", async () => {
    const dataDir = join(work, "shared");
    const holder = spawnTsx(OPENER, [dataDir, "hold"], {});
    let holderOut = "";
    holder.stdout!.on("data", (chunk: Buffer) => (holderOut += chunk.toString("utf8")));
    try {
      const ready = await waitForLine(holder, (line) => line.startsWith("ready"), 90_000);
      const pid = holder.pid!;
      expect(ready).toBe(`ready pid=${pid}`);
      await waitForLine(holder, (line) => line.startsWith("committed"), 30_000);

      // The lock sits beside the data folder, not in it, and names its owner.
      const pgdata = join(dataDir, "pgdata");
      const lockPath = join(dataDir, "pgdata.lock");
      expect(JSON.parse(readFileSync(lockPath, "utf8"))).toMatchObject({
        pid,
        boot: bootId(),
        started: startTimeOf(pid),
      });
      expect(relative(pgdata, lockPath).startsWith("..")).toBe(true);
      expect(readdirSync(pgdata).filter((name) => name.includes("lock"))).toEqual([]);

      const second = await runTsx(OPENER, [dataDir, "check"]);
      expect(second.code).toBe(1);
      // Refused, not made to wait: the process ends on its own (runTsx would time it out otherwise).
      expect(second.stdout.trim()).toBe("refused");
      expect(second.signal).toBeNull();
      expect(second.stderr.trim()).toBe(
        `The embedded database in ${dataDir} is in use by process ${pid}; stop it first (lock: ${lockPath})`,
      );

      // The app's own command line gets the same answer.
      const cli = await runTsx(CLI, ["db", "migrate"], { SUMMIT_DATA_DIR: dataDir });
      expect(cli.code).not.toBe(0);
      expect(cli.signal).toBeNull();
      expect(cli.stderr).toContain(`in use by process ${pid}`);

      // The holder was not disturbed: it is still committing.
      const before = (holderOut.match(/committed/g) ?? []).length;
      await waitForLine(holder, (line) => line === `committed ${before + 2}`, 30_000);

      holder.kill("SIGKILL");
      // Reaped before the next opener looks: a zombie would still count as alive.
      expect((await waitForExit(holder)).signal).toBe("SIGKILL");
      const acknowledged = Math.max(0, ...[...holderOut.matchAll(/committed (\d+)/g)].map((m) => Number(m[1])));
      expect(JSON.parse(readFileSync(lockPath, "utf8"))).toMatchObject({ pid }); // stale, left by the dead process

      const after = await runTsx(OPENER, [dataDir, "check"]);
      expect(after.stderr).toBe("");
      expect(after.code).toBe(0);
      const users = Number(/^ok users=(\d+)$/m.exec(after.stdout)?.[1]);
      // Every commit the killed process saw return is there (at most one more, in flight).
      expect(users).toBeGreaterThanOrEqual(acknowledged);
      expect(users).toBeLessThanOrEqual(acknowledged + 1);
      // A clean close releases the lock.
      expect(existsSync(lockPath)).toBe(false);
    } finally {
      if (holder.exitCode === null && holder.signalCode === null) holder.kill("SIGKILL");
      await waitForExit(holder);
    }
  }, 240_000);

  it("lets exactly one of three openers started together in, on a fresh folder", async () => {
    const dataDir = join(work, "three");
    const openers = [0, 1, 2].map(() => spawnTsx(OPENER, [dataDir, "hold"], {}));
    const outputs = openers.map((child) => {
      const out = { text: "" };
      child.stdout!.on("data", (chunk: Buffer) => (out.text += chunk.toString("utf8")));
      child.stderr!.on("data", (chunk: Buffer) => (out.text += chunk.toString("utf8")));
      return out;
    });
    try {
      const winner = await Promise.any(
        openers.map((child) => waitForLine(child, (line) => line.startsWith("ready"), 120_000).then(() => child)),
      );
      const losers = openers.filter((child) => child !== winner);
      for (const loser of losers) expect((await waitForExit(loser)).code).toBe(1);
      for (const [i, child] of openers.entries()) {
        if (child === winner) continue;
        expect(outputs[i]!.text).toContain(`in use by process ${winner.pid}`);
      }
      // The winner works on: it commits, then stops cleanly on SIGTERM.
      await waitForLine(winner, (line) => line.startsWith("committed"), 30_000);
      winner.kill("SIGTERM");
      expect((await waitForExit(winner)).code).toBe(0);
      expect(existsSync(join(dataDir, "pgdata.lock"))).toBe(false);
      expect(readdirSync(dataDir)).toEqual(["pgdata"]); // no scratch folder of an interrupted start
    } finally {
      for (const child of openers) {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await waitForExit(child);
      }
    }
  }, 240_000);

  it("refuses a lock held by another live process even before the folder exists, and leaves it alone", async () => {
    const dataDir = join(work, "foreign");
    mkdirSync(dataDir);
    const lockPath = join(dataDir, "pgdata.lock");
    // This test process is alive and is not the opener.
    writeFileSync(lockPath, String(process.pid));
    const result = await runTsx(OPENER, [dataDir, "check"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("refused\n");
    expect(result.stderr).toContain(`in use by process ${process.pid}`);
    expect(readFileSync(lockPath, "utf8")).toBe(String(process.pid));
    expect(existsSync(join(dataDir, "pgdata"))).toBe(false);
  }, 60_000);

  it("refuses a lock that names this live process by pid, boot and start time", async () => {
    const dataDir = join(work, "identified");
    mkdirSync(dataDir);
    const lock = JSON.stringify({ pid: process.pid, boot: bootId(), started: startTimeOf(process.pid) });
    writeFileSync(join(dataDir, "pgdata.lock"), lock);
    const result = await runTsx(OPENER, [dataDir, "check"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`in use by process ${process.pid}`);
    expect(readFileSync(join(dataDir, "pgdata.lock"), "utf8")).toBe(lock);
  }, 60_000);

  it.each([
    [
      "PID 1 now, which started at another time (a container's first process)",
      () => ({ pid: 1, boot: bootId(), started: "1" }),
    ],
    [
      "a live pid in an earlier boot (after a reboot)",
      () => ({ pid: process.pid, boot: "00000000-0000-0000-0000-000000000000", started: startTimeOf(process.pid) }),
    ],
    ["PID 1 in a lock of only a pid, which is not a Node process", () => 1],
  ])(
    "takes over a lock naming %s",
    async (_what, holder) => {
      const dataDir = join(work, `reused-${Math.random().toString(36).slice(2)}`);
      mkdirSync(dataDir);
      writeFileSync(join(dataDir, "pgdata.lock"), JSON.stringify(holder()));
      const result = await runTsx(OPENER, [dataDir, "check"]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toBe("ok users=0\n");
      expect(existsSync(join(dataDir, "pgdata.lock"))).toBe(false);
    },
    90_000,
  );

  it("takes over a lock whose process is gone", async () => {
    const dataDir = join(work, "stale");
    mkdirSync(dataDir);
    const dead = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    await waitForExit(dead);
    writeFileSync(join(dataDir, "pgdata.lock"), String(dead.pid));
    const result = await runTsx(OPENER, [dataDir, "check"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("ok users=0\n");
    expect(existsSync(join(dataDir, "pgdata.lock"))).toBe(false);
  }, 90_000);

  it("refuses a data folder left half initialised (no PG_VERSION) and changes nothing in it", async () => {
    const dataDir = join(work, "half");
    const pgdata = join(dataDir, "pgdata");
    mkdirSync(join(pgdata, "base"), { recursive: true });
    writeFileSync(join(pgdata, "postgresql.conf"), "# interrupted initdb\n");
    const result = await runTsx(OPENER, [dataDir, "check"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `${pgdata} exists but is not a complete database (no PG_VERSION); move it aside or restore a backup`,
    );
    expect(readdirSync(pgdata).sort()).toEqual(["base", "postgresql.conf"]);
    expect(readdirSync(join(pgdata, "base"))).toEqual([]);
    // The refusal released the lock it took.
    expect(readdirSync(dataDir)).toEqual(["pgdata"]);
  }, 60_000);
});

describe("embedded database opened twice in one process", () => {
  it("refuses the second open while the first is held, and allows it after close", async () => {
    const { openDatabase } = await import("../../db/client");
    const dataDir = mkdtempSync(join(tmpdir(), "summit-lock-same-"));
    try {
      const first = await openDatabase({ dataDir });
      await expect(openDatabase({ dataDir })).rejects.toThrow(/already open in this process/);
      await first.close();
      const again = await openDatabase({ dataDir });
      await again.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
