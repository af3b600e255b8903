#include "oauth/services/accounts.hpp"

#include "core/password.hpp"
#include "oauth/services/service_test_fixture.hpp"

namespace loginkit::services {
namespace {

using Accounts = ServiceTest;

User new_user(const std::string& username) {
  User u;
  u.username = username;
  return u;
}

TEST_F(Accounts, CreatedUserHasAHashedPasswordAndDefaultDisplayName) {
  auto made = create_user(ctx(), new_user("alice"), "correct horse");
  ASSERT_FALSE(made.taken);
  auto user = store().users().find_user(made.id);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->display_name, "alice");
  EXPECT_EQ(user->created_at, clock_.now());
  EXPECT_NE(user->password_hash, "correct horse");
  EXPECT_TRUE(password::verify(user->password_hash, "correct horse"));
}

TEST_F(Accounts, GivenProfileIsKept) {
  User u = new_user("bob");
  u.display_name = "Bob B.";
  u.follower_count = 12;
  auto user = store().users().find_user(create_user(ctx(), u, "12345678").id);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->display_name, "Bob B.");
  EXPECT_EQ(user->follower_count, 12);
}

TEST_F(Accounts, TakenUsernameOrEmailIsReportedNotThrown) {
  seed_user("alice");
  EXPECT_TRUE(create_user(ctx(), new_user("alice"), "12345678").taken);
  seed_developer("dev@example.com");
  EXPECT_TRUE(create_developer(ctx(), NewDeveloper{"dev@example.com", "D", "12345678"}).taken);
  auto other = create_developer(ctx(), NewDeveloper{"new@example.com", "N", "12345678"});
  EXPECT_FALSE(other.taken);
  EXPECT_EQ(find_developer(ctx(), other.id)->email, "new@example.com");
}

TEST_F(Accounts, SignupProblemsInFormOrder) {
  EXPECT_EQ(developer_signup_problem({"no-at-sign", "N", "12345678"}),
            "Enter a valid email address.");
  EXPECT_EQ(developer_signup_problem({"a@b", "", "12345678"}),
            "Enter your name (up to 100 characters).");
  EXPECT_EQ(developer_signup_problem({"a@b", std::string(101, 'n'), "12345678"}),
            "Enter your name (up to 100 characters).");
  EXPECT_EQ(developer_signup_problem({"a@b", "N", "1234567"}),
            "Choose a password of 8 characters or more.");
  EXPECT_EQ(developer_signup_problem({"a@b", "N", std::string(1025, 'p')}),
            "Choose a password of 8 characters or more.");
  EXPECT_EQ(developer_signup_problem({"a@b", "N", "12345678"}), std::nullopt);
}

TEST_F(Accounts, AdminDeveloperIsCreatedOnceAndNamedOnesMustExist) {
  Id first = admin_developer(ctx(), "");
  ASSERT_NE(first, 0);
  EXPECT_EQ(admin_developer(ctx(), ""), first);
  EXPECT_EQ(find_developer(ctx(), first)->email, "admin@loginkit.local");
  EXPECT_EQ(admin_developer(ctx(), "nobody@example.com"), 0);
  Id dev = seed_developer("dev@example.com");
  EXPECT_EQ(admin_developer(ctx(), "dev@example.com"), dev);
}

TEST_F(Accounts, SigninAcceptsOnlyTheRightPasswordOfAnExistingAccount) {
  Id user = create_user(ctx(), new_user("alice"), "correct horse").id;
  auto ok = check_user_signin(ctx(), "alice", "correct horse");
  EXPECT_EQ(ok.verdict, SigninVerdict::kAccepted);
  EXPECT_EQ(ok.account_id, user);
  EXPECT_EQ(check_user_signin(ctx(), "alice", "wrong").verdict, SigninVerdict::kRejected);
  EXPECT_EQ(check_user_signin(ctx(), "bob", "correct horse").verdict, SigninVerdict::kRejected);

  Id dev = create_developer(ctx(), NewDeveloper{"dev@example.com", "D", "dev password"}).id;
  auto dev_ok = check_developer_signin(ctx(), "dev@example.com", "dev password");
  EXPECT_EQ(dev_ok.verdict, SigninVerdict::kAccepted);
  EXPECT_EQ(dev_ok.account_id, dev);
  EXPECT_EQ(check_developer_signin(ctx(), "dev@example.com", "nope").verdict,
            SigninVerdict::kRejected);
  EXPECT_EQ(check_developer_signin(ctx(), "alice", "correct horse").verdict,
            SigninVerdict::kRejected);
}

}  // namespace
}  // namespace loginkit::services
