#!/usr/bin/env python3
"""Fills the risk register of a running Annex's SQLite database with N risks for scripts/bench.

Usage: bench-seed-risks.py DB SPACE_ID N
Writes straight into the database (one transaction), as bench-seed-tracker.py does: each risk is
an item of the register in a status of its workflow, with an original reading, a current reading
for two in three and a target for one in two, spread over a 5 x 5 matrix — the rows the API writes.
"""
import random
import sqlite3
import sys
import uuid
from datetime import datetime

db, space, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(11)
con = sqlite3.connect(db, timeout=30)
cur = con.cursor()
org, = cur.execute("SELECT org_id FROM spaces WHERE id = ?", (space,)).fetchone()
statuses = [r[0] for r in cur.execute("SELECT id FROM space_statuses WHERE space_id = ?", (space,))]
users = [r[0] for r in cur.execute("SELECT user_id FROM memberships WHERE org_id = ?", (org,))]
start = cur.execute("SELECT next_number FROM spaces WHERE id = ?", (space,)).fetchone()[0]
now = datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
items, readings = [], []
for k in range(n):
    number = start + k
    item = str(uuid.uuid4())
    items.append((item, org, space, number, f"Benchmark risk {number}", random.choice(statuses),
                  random.choice(users) if k % 3 else None, now, now, number))
    kinds = ["original"] + (["current"] if k % 3 else []) + (["target"] if k % 2 else [])
    for kind in kinds:
        readings.append((str(uuid.uuid4()), org, item, kind, random.randint(1, 5),
                         random.randint(1, 5), "", True, random.choice(users), now))
cur.execute("BEGIN IMMEDIATE")
cur.executemany(
    "INSERT INTO items (id, org_id, space_id, number, kind, title, status_id, assignee_id,"
    " created_at, updated_at, position) VALUES (?, ?, ?, ?, 'item', ?, ?, ?, ?, ?, ?)", items)
cur.executemany(
    "INSERT INTO risk_readings (id, org_id, item_id, kind, likelihood, impact, note, latest,"
    " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", readings)
cur.execute("UPDATE spaces SET next_number = ? WHERE id = ?", (start + n, space))
con.commit()
print(f"seeded {n} risks with {len(readings)} readings into {space}")
