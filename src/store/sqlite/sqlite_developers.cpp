#include "store/sqlite/sqlite_developers.hpp"

namespace loginkit {
namespace {

using sqlite::Stmt;

Developer read_developer(const Stmt& s) {
  return Developer{s.i64(0), s.text(1), s.text(2), s.text(3), s.i64(4)};
}

}  // namespace

Id SqliteDevelopers::create_developer(const Developer& d) {
  return db_.writer.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare("INSERT INTO developers(email, name, password_hash, created_at) VALUES (?, ?, ?, ?)")
        .bind_all(d.email, d.name, d.password_hash, d.created_at)
        .run();
    return c->last_insert_id();
  });
}

std::optional<Developer> SqliteDevelopers::find_developer(Id id) {
  auto c = db_.pool.lease();
  auto s =
      c->prepare("SELECT id, email, name, password_hash, created_at FROM developers WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_developer(s);
}

std::optional<Developer> SqliteDevelopers::find_developer_by_email(const std::string& email) {
  auto c = db_.pool.lease();
  auto s = c->prepare(
      "SELECT id, email, name, password_hash, created_at FROM developers WHERE email = ?");
  s.bind(1, email);
  if (!s.step()) return std::nullopt;
  return read_developer(s);
}

}  // namespace loginkit
