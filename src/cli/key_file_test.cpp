// The server key file on both engines (the storage contract fixture): created on a fresh
// database, moved out of an older version's database with open_ids unchanged, and a start refused
// whenever the file and the database disagree.
#include "cli/key_file.hpp"

#include <sys/stat.h>

#include <fstream>

#include "oauth/identity.hpp"
#include "store/store_contract_fixture.hpp"

namespace loginkit::contract {
namespace {

using cli::load_server_key;

class KeyFile : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    dir_ = std::filesystem::temp_directory_path() / ("lk-key-" + random_suffix());
    std::filesystem::create_directories(dir_);
    config_.data_dir = (dir_ / "data").string();
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    StoreContract::TearDown();
  }
  std::string default_path() const { return config_.data_dir + "/server.key"; }
  static std::string slurp(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static void write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
  }
  std::string refusal() {
    try {
      load_server_key(config_, *store_);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  }

  std::filesystem::path dir_;
  Config config_;
};

TEST_P(KeyFile, FreshDatabaseGetsAPrivateKeyFileBesideTheData) {
  std::string key = load_server_key(config_, *store_);
  EXPECT_GE(key.size(), 32u);
  EXPECT_EQ(slurp(default_path()), key + "\n");
  struct stat st {};
  ASSERT_EQ(::stat(default_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(store_->meta().read_meta("server_key").has_value())
      << "the key reached the database";
  EXPECT_EQ(load_server_key(config_, *store_), key) << "a restart changed the key";
  EXPECT_EQ(load_server_key(config_, *open_store()), key) << "another node got another key";
}

TEST_P(KeyFile, OlderDatabaseKeyMovesOutAndOpenIdsStay) {
  const std::string old_key = "older-version-key-0123456789abcdefghijklmnopq";
  store_->meta().claim_meta("server_key", old_key);  // as the previous version stored it
  std::string before = open_id(old_key, 7, 42);

  std::string key = load_server_key(config_, *store_);
  EXPECT_EQ(key, old_key);
  EXPECT_EQ(open_id(key, 7, 42), before);
  EXPECT_EQ(slurp(default_path()), old_key + "\n");
  EXPECT_FALSE(store_->meta().read_meta("server_key").has_value())
      << "the key stayed in the database";
  EXPECT_EQ(load_server_key(config_, *store_), old_key);
}

TEST_P(KeyFile, FileAndDatabaseKeysThatDifferStopTheStart) {
  store_->meta().claim_meta("server_key", "database-key-0123456789abcdefghijklmnopqrs");
  std::filesystem::create_directories(config_.data_dir);
  write(default_path(), "another-key-0123456789abcdefghijklmnopqrstuv\n");
  EXPECT_NE(refusal().find("differs from the one this database holds"), std::string::npos);
  EXPECT_TRUE(store_->meta().read_meta("server_key").has_value()) << "the database key was dropped";
}

TEST_P(KeyFile, ANodeWithoutTheKeyFileRefusesInsteadOfMintingOne) {
  load_server_key(config_, *store_);  // node 1 sets the database up (or migrates it)
  Config node2 = config_;
  node2.data_dir = (dir_ / "node2").string();
  std::string why;
  try {
    load_server_key(node2, *open_store());
  } catch (const std::runtime_error& e) {
    why = e.what();
  }
  EXPECT_NE(why.find("copy the key file from the node that created it"), std::string::npos) << why;
  EXPECT_FALSE(std::filesystem::exists(node2.data_dir + "/server.key"));

  std::filesystem::create_directories(node2.data_dir);
  write(node2.data_dir + "/server.key", "wrong-key-0123456789abcdefghijklmnopqrstuvw");
  why.clear();
  try {
    load_server_key(node2, *open_store());
  } catch (const std::runtime_error& e) {
    why = e.what();
  }
  EXPECT_NE(why.find("not the one this database was set up with"), std::string::npos) << why;

  std::filesystem::copy_file(default_path(), node2.data_dir + "/server.key",
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_EQ(load_server_key(node2, *open_store()), load_server_key(config_, *store_));
}

TEST_P(KeyFile, ConfiguredPathAndSystemdCredentials) {
  config_.server_key_file = (dir_ / "elsewhere" / "k").string();
  std::string key = load_server_key(config_, *store_);
  EXPECT_EQ(slurp(config_.server_key_file), key + "\n");
  EXPECT_FALSE(std::filesystem::exists(default_path()));

  config_.server_key_file.clear();
  std::filesystem::create_directories(dir_ / "creds");
  write((dir_ / "creds" / "server_key").string(), key + "\n");
  ::setenv("CREDENTIALS_DIRECTORY", (dir_ / "creds").c_str(), 1);
  EXPECT_EQ(cli::server_key_path(config_), (dir_ / "creds" / "server_key").string());
  EXPECT_EQ(load_server_key(config_, *store_), key);
  ::unsetenv("CREDENTIALS_DIRECTORY");
  EXPECT_EQ(cli::server_key_path(config_), default_path());
}

TEST_P(KeyFile, ShortKeyFileIsRefused) {
  std::filesystem::create_directories(config_.data_dir);
  write(default_path(), "short\n");
  EXPECT_NE(refusal().find("at least 32 characters"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Engines, KeyFile, ::testing::Values(kSqlite, kPostgres), engine_name);

TEST(SecretFile, TrimsOneTrailingNewlineOnly) {
  auto path = std::filesystem::temp_directory_path() / ("lk-secret-" + random_suffix());
  std::ofstream(path) << "token value\n\n";
  EXPECT_EQ(cli::read_secret_file(path.string(), "admin_token_file"), "token value\n");
  std::ofstream(path) << "crlf\r\n";
  EXPECT_EQ(cli::read_secret_file(path.string(), "admin_token_file"), "crlf");
  std::ofstream(path) << "\n";
  EXPECT_THROW(cli::read_secret_file(path.string(), "admin_token_file"), std::runtime_error);
  std::filesystem::remove(path);
  EXPECT_THROW(cli::read_secret_file(path.string(), "admin_token_file"), std::runtime_error);
}

}  // namespace
}  // namespace loginkit::contract
