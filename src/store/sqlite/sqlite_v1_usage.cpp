#include "store/sqlite/sqlite_v1_usage.hpp"

namespace loginkit {

void SqliteV1Usage::count_v1_call(const V1CallCount& call) {
  return db_.writer.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare(
         "INSERT INTO v1_calls(app_id, day, endpoint, platform, outcome, count) "
         "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(app_id, day, endpoint, platform, outcome) "
         "DO UPDATE SET count = count + excluded.count")
        .bind_all(call.app_id, call.day, call.endpoint, call.platform, call.outcome, call.count)
        .run();
  });
}

std::vector<V1CallCount> SqliteV1Usage::v1_calls_since(UnixSeconds day) {
  auto c = db_.pool.lease();
  auto s = c->prepare(
      "SELECT app_id, day, endpoint, platform, outcome, count FROM v1_calls WHERE day >= ? "
      "ORDER BY app_id, day");
  s.bind(1, day);
  std::vector<V1CallCount> out;
  while (s.step()) {
    out.push_back({s.i64(0), s.i64(1), s.text(2), s.text(3), s.text(4), s.i64(5)});
  }
  return out;
}

}  // namespace loginkit
