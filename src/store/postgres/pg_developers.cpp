#include "store/postgres/pg_developers.hpp"

#include "store/postgres/pg_rows.hpp"

namespace loginkit {
namespace {

using pg::Rows;
using pg::str;
using pg::unmatchable;

std::optional<Developer> read_developer(const Rows& r) {
  if (r.empty()) return std::nullopt;
  return Developer{r.i64(0, 0), r.text(0, 1), r.text(0, 2), r.text(0, 3), r.i64(0, 4)};
}

}  // namespace

Id PgDevelopers::create_developer(const Developer& d) {
  auto c = db_.pool.lease();
  return c
      ->exec(
          "INSERT INTO developers(email, name, password_hash, created_at) VALUES ($1, $2, $3, "
          "$4) RETURNING id",
          {d.email, d.name, d.password_hash, str(d.created_at)})
      .i64(0, 0);
}

std::optional<Developer> PgDevelopers::find_developer(Id id) {
  auto c = db_.pool.lease();
  return read_developer(
      c->exec("SELECT id, email, name, password_hash, created_at FROM developers WHERE id = $1",
              {str(id)}));
}

std::optional<Developer> PgDevelopers::find_developer_by_email(const std::string& email) {
  if (unmatchable(email)) return std::nullopt;
  auto c = db_.pool.lease();
  return read_developer(
      c->exec("SELECT id, email, name, password_hash, created_at FROM developers WHERE email = $1",
              {email}));
}

}  // namespace loginkit
