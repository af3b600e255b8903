#include "store/postgres/pg_v1_usage.hpp"

namespace loginkit {
namespace {

using pg::str;

}  // namespace

void PgV1Usage::count_v1_call(const V1CallCount& call) {
  auto c = db_.pool.lease();
  c->exec(
      "INSERT INTO v1_calls(app_id, day, endpoint, platform, outcome, count) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT(app_id, day, endpoint, platform, outcome) "
      "DO UPDATE SET count = v1_calls.count + excluded.count",
      {str(call.app_id), str(call.day), call.endpoint, call.platform, call.outcome,
       str(call.count)});
}

std::vector<V1CallCount> PgV1Usage::v1_calls_since(UnixSeconds day) {
  auto c = db_.pool.lease();
  auto r = c->exec(
      "SELECT app_id, day, endpoint, platform, outcome, count FROM v1_calls WHERE day >= $1 "
      "ORDER BY app_id, day",
      {str(day)});
  std::vector<V1CallCount> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) {
    out.push_back(
        {r.i64(i, 0), r.i64(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.i64(i, 5)});
  }
  return out;
}

}  // namespace loginkit
