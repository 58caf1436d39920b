#!/usr/bin/env python3
"""Makes the small-file test trees under DATA (the big files are made by run.sh with head -c).

  small/  2,000 files of 1-10 KB random bytes in 8 folders (sync, no-op re-sync, rtt)
  small500/ 500 such files in 4 folders (rtt)
  bp/     200 files of 1-10 KB in 4 folders (backpressure)
  tree/   100,000 tiny files, 10 x 10 x 10 folders of 100 files (offline plan)

Each tree is built in a temporary folder and renamed when complete, so an interrupted run never leaves a half
tree that later runs would take as done. Seeded: every clone gets the same sizes and folder layout.
"""
import os
import random
import shutil
import sys


def build(data, name, make):
    final = os.path.join(data, name)
    if os.path.isdir(final):
        return
    temp = final + ".tmp"
    shutil.rmtree(temp, ignore_errors=True)
    os.makedirs(temp)
    make(temp, random.Random(name))
    os.rename(temp, final)
    print(f"made {final}", file=sys.stderr)


def small_files(count, folders):
    def make(root, rng):
        for i in range(count):
            folder = os.path.join(root, f"dir{i % folders:02d}")
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, f"file{i:05d}.bin"), "wb") as f:
                f.write(os.urandom(rng.randint(1024, 10 * 1024)))
    return make


def tree(root, rng):
    # 10 x 10 x 10 leaf folders of 100 files each: several levels, like a build-artifact share.
    payload = os.urandom(4096)
    for a in range(10):
        for b in range(10):
            for c in range(10):
                folder = os.path.join(root, f"a{a}", f"b{b}", f"c{c}")
                os.makedirs(folder)
                for i in range(100):
                    size = rng.randint(16, 256)
                    start = rng.randint(0, len(payload) - size)
                    with open(os.path.join(folder, f"f{i:03d}.dat"), "wb") as f:
                        f.write(payload[start:start + size])


def main():
    data = sys.argv[1]
    os.makedirs(data, exist_ok=True)
    build(data, "small", small_files(2000, 8))
    build(data, "bp", small_files(200, 4))
    build(data, "small500", small_files(500, 4))
    build(data, "tree", tree)


if __name__ == "__main__":
    main()
