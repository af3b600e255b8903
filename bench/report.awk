# bench/run.sh's table and goal summary, from its results file: one tab-separated line per
# measured wrk run,
#   target workload conns requests duration_us p50_us p99_us non2xx badbody sockerr exhausted
# Targets: loginkit, loginkit+idle, loginkit@N (after N live tokens), nginx, beast.
# Variables (awk -v): store (sqlite|pg), sumc (connection count of the summary), live (the
# loginkit@N target, "" if no live-token pass).
# Exit status: 0, or 3 if any row is INVALID.
BEGIN {
  FS = "\t"
  # The performance round's goals at 64 connections (docs/performance.md): on SQLite a ratio to
  # nginx per workload and p99 <= 5 ms; on PostgreSQL twice the req/s measured before the round;
  # with N live tokens 0.90 of the empty-store figure.
  goal_ratio["token"] = 0.50; goal_ratio["code"] = 0.25
  goal_ratio["refresh"] = 0.25; goal_ratio["userinfo"] = 0.65
  goal_p99_ms = 5
  pg_before["token"] = 4209; pg_before["code"] = 1789
  pg_before["refresh"] = 1397; pg_before["userinfo"] = 9205
  goal_live = 0.90
}

{
  n++
  T[n] = $1; W[n] = $2; C[n] = $3
  RPS[n] = ($5 > 0) ? $4 / ($5 / 1e6) : 0
  P50[n] = $6 / 1000; P99[n] = $7 / 1000; N2[n] = $8
  if ($8 + 0 > 0) ST[n] = "INVALID (non-2xx)"
  else if ($9 + 0 > 0) ST[n] = "INVALID (" $9 " bad bodies)"
  else if ($10 + 0 > 0) ST[n] = "INVALID (" $10 " socket errors)"
  else if ($11 + 0 > 0) ST[n] = "INVALID (ran out of seeded secrets: raise BENCH_SEED_RATE)"
  else if ($4 + 0 == 0) ST[n] = "INVALID (no requests)"
  else ST[n] = "ok"
  row[$1 SUBSEP $2 SUBSEP $3] = n
  if (!($2 in seen)) { seen[$2] = 1; order[++nw] = $2 }
}

# ratio(I, REF): row I's req/s over REF's for the same workload and connections, "-" if none.
function ratio(i, ref,    j) {
  j = row[ref SUBSEP W[i] SUBSEP C[i]]
  if (!j || RPS[j] <= 0) return "-"
  return sprintf("%.3f", RPS[i] / RPS[j])
}

# invalid_row(TARGET, WL): 1 if TARGET's row at the summary's connections exists and is INVALID.
function invalid_row(target, wl,    j) {
  j = row[target SUBSEP wl SUBSEP sumc]
  return j && ST[j] != "ok"
}

# summary_row(TARGET, WL): one line of a summary table; counts rows in `rows`, goals met in `met_n`.
function summary_row(target, wl,    i, rn, rb, re, goal, why, met) {
  i = row[target SUBSEP wl SUBSEP sumc]
  if (!i) return
  rn = ratio(i, "nginx"); rb = ratio(i, "beast"); re = (target ~ /@/) ? ratio(i, "loginkit") : "-"
  why = ""
  if (target ~ /@/) {
    goal = sprintf("/empty >= %.2f", goal_live)
    if (re == "-") why = "no empty-store row"
    else if (re + 0 < goal_live) why = "no (ratio)"
    if (invalid_row("loginkit", wl)) why = "INVALID (empty-store row)"
  } else if (store == "pg") {
    goal = sprintf("req/s >= %d (2 x %d)", 2 * pg_before[wl], pg_before[wl])
    if (RPS[i] < 2 * pg_before[wl]) why = "no (req/s)"
  } else {
    goal = sprintf("/nginx >= %.2f, p99 <= %d ms", goal_ratio[wl], goal_p99_ms)
    if (rn == "-") why = "- (no nginx row)"
    else if (rn + 0 < goal_ratio[wl]) why = "no (ratio"
    if (P99[i] > goal_p99_ms) why = (why ~ /^no/) ? why ", p99" : "no (p99"
    if (why ~ /^no \(/) why = why ")"
    if (invalid_row("nginx", wl)) why = "INVALID (nginx row)"
  }
  if (ST[i] != "ok") why = "INVALID"
  met = (why == "") ? "yes" : why
  rows++
  if (met == "yes") met_n++
  printf sfmt, wl, sprintf("%.0f", RPS[i]), rn, rb, re, sprintf("%.2f", P99[i]), goal, met
}

function summary(target, title,    k) {
  printf "\n%s\n", title
  printf sfmt, "workload", "req/s", "/nginx", "/beast", "/empty", "p99 ms", "goal", "met"
  rows = 0; met_n = 0
  for (k = 1; k <= nw; k++) summary_row(target, order[k])
  printf "goals met: %d of %d\n", met_n, rows
}

END {
  fmt = "%-16s %-9s %5s %10s %8s %8s %7s %7s %7s %7s  %s\n"
  printf fmt, "target", "workload", "conns", "req/s", "p50 ms", "p99 ms", "non-2xx", "/nginx",
    "/beast", "/empty", "status"
  invalid = 0
  for (i = 1; i <= n; i++) {
    if (ST[i] != "ok") invalid++
    rn = (T[i] == "nginx") ? "-" : ratio(i, "nginx")
    rb = (T[i] == "nginx" || T[i] == "beast") ? "-" : ratio(i, "beast")
    re = (T[i] ~ /@/) ? ratio(i, "loginkit") : "-"
    printf fmt, T[i], W[i], C[i], sprintf("%.0f", RPS[i]), sprintf("%.2f", P50[i]),
      sprintf("%.2f", P99[i]), N2[i], rn, rb, re, ST[i]
  }
  print "/nginx, /beast: req/s over that reference's in the same run (same workload and conns);"
  print "/empty: loginkit@N over the empty-store loginkit row. beast (bench_beast_hello) is the"
  print "ceiling of loginkit's own HTTP stack, nginx the ceiling of the machine."

  sfmt = "%-9s %9s %7s %7s %7s %8s  %-28s %s\n"
  summary("loginkit", sprintf("summary: loginkit, %s connections, store %s (goals: docs/performance.md)", sumc, store))
  if (live != "")
    summary(live, sprintf("summary: %s, %s connections, store %s (goals: docs/performance.md)", live, sumc, store))
  if (invalid) printf "\n%d run(s) INVALID: their numbers do not count.\n", invalid
  exit invalid ? 3 : 0
}
