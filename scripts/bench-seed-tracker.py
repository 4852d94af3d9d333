#!/usr/bin/env python3
"""Fills a tracker of a running Annex's SQLite database with N items for scripts/bench.

Usage: bench-seed-tracker.py DB SPACE_ID N
Writes straight into the database (one transaction) because creating 100,000 items through the
API would take the benchmark longer than the measurement; the rows look exactly like the API's:
numbered, in a status of the workflow, some assigned, dated, with a select and a number field.
"""
import json
import random
import sqlite3
import sys
import uuid
from datetime import date, datetime, timedelta

db, space, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(7)
con = sqlite3.connect(db, timeout=30)
cur = con.cursor()
org, = cur.execute("SELECT org_id FROM spaces WHERE id = ?", (space,)).fetchone()
statuses = [r[0] for r in cur.execute("SELECT id FROM space_statuses WHERE space_id = ?", (space,))]
users = [r[0] for r in cur.execute("SELECT user_id FROM memberships WHERE org_id = ?", (org,))]
fields = {name: (fid, json.loads(opts)) for fid, name, opts in cur.execute(
    "SELECT id, name, options_json FROM space_fields WHERE space_id = ?", (space,))}
priority_id, options = fields["Priority"]
cost_id, _ = fields["Cost"]
start = cur.execute("SELECT next_number FROM spaces WHERE id = ?", (space,)).fetchone()[0]
now = datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
items, values = [], []
for k in range(n):
    number = start + k
    item = str(uuid.uuid4())
    due = (date(2026, 1, 1) + timedelta(days=random.randrange(730))).isoformat()
    items.append((item, org, space, number, f"Benchmark item {number}", random.choice(statuses),
                  random.choice(users) if k % 3 else None, due, now, now, number))
    index = random.randrange(len(options))
    values.append((org, item, priority_id, json.dumps(options[index]["id"]),
                   options[index]["label"].lower(), float(index)))
    values.append((org, item, cost_id, json.dumps(float(k % 997)), None, float(k % 997)))
cur.execute("BEGIN IMMEDIATE")
cur.executemany(
    "INSERT INTO items (id, org_id, space_id, number, kind, title, status_id, assignee_id, due_date,"
    " created_at, updated_at, position) VALUES (?, ?, ?, ?, 'item', ?, ?, ?, ?, ?, ?, ?)", items)
cur.executemany(
    "INSERT INTO item_values (org_id, item_id, field_id, value_json, sort_text, sort_number)"
    " VALUES (?, ?, ?, ?, ?, ?)", values)
cur.execute("UPDATE spaces SET next_number = ? WHERE id = ?", (start + n, space))
con.commit()
print(f"seeded {n} items into {space}")
