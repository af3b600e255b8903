#include "sandbox/local_ca.hpp"

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <latch>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace loginkit::sandbox {
namespace {

namespace fs = std::filesystem;

template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T* p) const noexcept {
    Free(p);
  }
};
using Cert = std::unique_ptr<X509, Deleter<X509_free>>;
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Store = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using Bignum = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using StoreContext = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;

constexpr long kDay = 24L * 60 * 60;
const std::vector<std::string> kHosts = {"www.tiktok.com", "open.tiktokapis.com", "localhost",
                                         "127.0.0.1"};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void spill(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::vector<Cert> load_certs(const fs::path& path) {
  std::vector<Cert> certs;
  FILE* file = std::fopen(path.c_str(), "r");
  if (file == nullptr) return certs;
  while (X509* cert = PEM_read_X509(file, nullptr, nullptr, nullptr)) certs.emplace_back(cert);
  std::fclose(file);
  return certs;
}

Cert load_cert(const fs::path& path) {
  std::vector<Cert> certs = load_certs(path);
  return certs.empty() ? nullptr : std::move(certs.front());
}

PKey load_key(const fs::path& path) {
  FILE* file = std::fopen(path.c_str(), "r");
  if (file == nullptr) return nullptr;
  PKey key(PEM_read_PrivateKey(file, nullptr, nullptr, nullptr));
  std::fclose(file);
  return key;
}

fs::perms mode_of(const fs::path& path) {
  return fs::status(path).permissions() & fs::perms::all;
}

// What a TLS client does with the chain: path to the trusted CA, serverAuth purpose, name check.
bool verifies(X509* leaf, X509* ca, const std::string& host) {
  const Store store(X509_STORE_new());
  const StoreContext context(X509_STORE_CTX_new());
  if (!store || !context || X509_STORE_add_cert(store.get(), ca) != 1) return false;
  if (X509_STORE_CTX_init(context.get(), store.get(), leaf, nullptr) != 1) return false;
  X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_SERVER);
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(context.get());
  X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
  return X509_verify_cert(context.get()) == 1;
}

std::string common_name(X509* cert) {
  std::string name(256, '\0');
  const int size = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName,
                                             name.data(), static_cast<int>(name.size()));
  name.resize(size > 0 ? static_cast<std::size_t>(size) : 0);
  return name;
}

bool extension_is_critical(X509* cert, int nid) {
  const int index = X509_get_ext_by_NID(cert, nid, -1);
  return index >= 0 && X509_EXTENSION_get_critical(X509_get_ext(cert, index)) == 1;
}

long lifetime_seconds(X509* cert) {
  int days = 0;
  int seconds = 0;
  ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert), X509_get0_notAfter(cert));
  return days * kDay + seconds;
}

template <class Call>
std::string error_of(Call call) {
  try {
    call();
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

class LocalCaTest : public ::testing::Test {
 protected:
  LocalCaTest()
      : root_(fs::temp_directory_path() /
              ("loginkit-local-ca-" + std::to_string(std::random_device{}()))) {
    fs::create_directories(root_);
  }
  ~LocalCaTest() override {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  LocalCaTest(const LocalCaTest&) = delete;
  LocalCaTest& operator=(const LocalCaTest&) = delete;

  [[nodiscard]] fs::path state() const { return root_ / "state"; }
  [[nodiscard]] fs::path root() const { return root_; }

 private:
  fs::path root_;
};

TEST_F(LocalCaTest, FirstCallMakesCaAndServerFilesWithPrivateModes) {
  const mode_t old_mask = ::umask(0);  // the modes must not lean on the caller's umask
  const TlsFiles files = ensure_tls(state(), kHosts);
  ::umask(old_mask);

  EXPECT_TRUE(files.ca_created);
  EXPECT_EQ(files.ca_cert, state() / "ca.pem");
  EXPECT_EQ(files.cert, state() / "server.pem");
  EXPECT_EQ(files.key, state() / "server-key.pem");
  EXPECT_EQ(mode_of(state()), fs::perms::owner_all);
  const fs::perms private_file = fs::perms::owner_read | fs::perms::owner_write;
  EXPECT_EQ(mode_of(state() / "ca-key.pem"), private_file);
  EXPECT_EQ(mode_of(files.key), private_file);
  EXPECT_EQ(mode_of(files.ca_cert) & fs::perms::others_write, fs::perms::none);
  const PKey server_key = load_key(files.key);
  const std::vector<Cert> chain = load_certs(files.cert);
  ASSERT_TRUE(server_key);
  ASSERT_EQ(chain.size(), 2U);  // leaf then CA, what a server sends
  EXPECT_EQ(X509_check_private_key(chain[0].get(), server_key.get()), 1);
  const Cert ca = load_cert(files.ca_cert);
  ASSERT_TRUE(ca);
  EXPECT_EQ(X509_cmp(chain[1].get(), ca.get()), 0);
  EXPECT_EQ(X509_check_private_key(ca.get(), load_key(state() / "ca-key.pem").get()), 1);
}

TEST_F(LocalCaTest, ServerCertVerifiesAgainstCaForEveryHostAndNoOther) {
  const TlsFiles files = ensure_tls(state(), kHosts);
  const Cert ca = load_cert(files.ca_cert);
  const Cert leaf = load_cert(files.cert);
  ASSERT_TRUE(ca && leaf);
  for (const std::string host : {"www.tiktok.com", "open.tiktokapis.com", "localhost"}) {
    EXPECT_TRUE(verifies(leaf.get(), ca.get(), host)) << host;
    EXPECT_EQ(X509_check_host(leaf.get(), host.c_str(), host.size(), 0, nullptr), 1) << host;
  }
  EXPECT_NE(X509_check_host(leaf.get(), "evil.example", 0, 0, nullptr), 1);
  EXPECT_FALSE(verifies(leaf.get(), ca.get(), "evil.example"));
  EXPECT_EQ(X509_check_ip_asc(leaf.get(), "127.0.0.1", 0), 1);
  EXPECT_NE(X509_check_ip_asc(leaf.get(), "10.0.0.1", 0), 1);
  EXPECT_EQ(common_name(leaf.get()), "www.tiktok.com");
}

TEST_F(LocalCaTest, CaAndServerCertCarryTheExtensionsClientsCheck) {
  const TlsFiles files = ensure_tls(state(), kHosts);
  const Cert ca = load_cert(files.ca_cert);
  const Cert leaf = load_cert(files.cert);
  ASSERT_TRUE(ca && leaf);

  EXPECT_EQ(X509_get_version(ca.get()), X509_VERSION_3);
  EXPECT_EQ(X509_check_ca(ca.get()), 1);
  EXPECT_EQ(X509_get_pathlen(ca.get()), 0);
  EXPECT_TRUE(extension_is_critical(ca.get(), NID_basic_constraints));
  EXPECT_TRUE(extension_is_critical(ca.get(), NID_key_usage));
  EXPECT_EQ(X509_get_key_usage(ca.get()), static_cast<uint32_t>(KU_KEY_CERT_SIGN | KU_CRL_SIGN));
  ASSERT_NE(X509_get0_subject_key_id(ca.get()), nullptr);
  EXPECT_EQ(common_name(ca.get()).rfind("loginkit sandbox CA (", 0), 0U) << common_name(ca.get());
  EXPECT_GE(lifetime_seconds(ca.get()), 3650 * kDay);
  EXPECT_EQ(X509_check_issued(ca.get(), ca.get()), X509_V_OK);  // self-signed
  const Bignum serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(ca.get()), nullptr));
  EXPECT_GT(BN_num_bits(serial.get()), 64);  // random, not a counter
  EXPECT_EQ(BN_is_negative(serial.get()), 0);

  EXPECT_EQ(X509_check_ca(leaf.get()), 0);
  EXPECT_TRUE(extension_is_critical(leaf.get(), NID_key_usage));
  EXPECT_NE(X509_get_key_usage(leaf.get()) & KU_DIGITAL_SIGNATURE, 0U);
  EXPECT_NE(X509_get_extended_key_usage(leaf.get()) & XKU_SSL_SERVER, 0U);
  const ASN1_OCTET_STRING* authority = X509_get0_authority_key_id(leaf.get());
  ASSERT_NE(authority, nullptr);
  EXPECT_EQ(ASN1_OCTET_STRING_cmp(authority, X509_get0_subject_key_id(ca.get())), 0);
  EXPECT_LE(lifetime_seconds(leaf.get()), 825 * kDay);
  EXPECT_GE(lifetime_seconds(leaf.get()), 800 * kDay);
  std::time_t fifty_minutes_ago = std::time(nullptr) - 50L * 60;
  EXPECT_LT(X509_cmp_time(X509_get0_notBefore(leaf.get()), &fifty_minutes_ago), 0);
  EXPECT_NE(ASN1_INTEGER_cmp(X509_get0_serialNumber(leaf.get()), X509_get0_serialNumber(ca.get())),
            0);
}

TEST_F(LocalCaTest, SecondCallWithSameHostsChangesNothing) {
  ensure_tls(state(), kHosts);
  const std::vector<std::string> names = {"ca.pem", "ca-key.pem", "server.pem", "server-key.pem"};
  std::vector<std::string> before;
  before.reserve(names.size());
  for (const std::string& name : names) before.push_back(slurp(state() / name));

  const TlsFiles again = ensure_tls(state(), kHosts);
  EXPECT_FALSE(again.ca_created);
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(slurp(state() / names[i]), before[i]) << names[i];
  }
}

TEST_F(LocalCaTest, OtherHostsReissueServerCertUnderTheSameCa) {
  ensure_tls(state(), kHosts);
  const std::string ca_before = slurp(state() / "ca.pem");
  const std::string cert_before = slurp(state() / "server.pem");

  const TlsFiles files = ensure_tls(state(), {"api.example.test", "*.apps.example.test", "::1"});
  EXPECT_FALSE(files.ca_created);
  EXPECT_EQ(slurp(files.ca_cert), ca_before);
  EXPECT_NE(slurp(files.cert), cert_before);
  const Cert ca = load_cert(files.ca_cert);
  const Cert leaf = load_cert(files.cert);
  ASSERT_TRUE(ca && leaf);
  EXPECT_TRUE(verifies(leaf.get(), ca.get(), "api.example.test"));
  EXPECT_TRUE(verifies(leaf.get(), ca.get(), "one.apps.example.test"));
  EXPECT_FALSE(verifies(leaf.get(), ca.get(), "www.tiktok.com"));
  EXPECT_EQ(X509_check_ip_asc(leaf.get(), "::1", 0), 1);
  EXPECT_NE(X509_check_ip_asc(leaf.get(), "127.0.0.1", 0), 1);
}

TEST_F(LocalCaTest, ServerCertExpiringWithinADayIsReissued) {
  const TlsFiles files = ensure_tls(state(), kHosts);
  const Cert leaf = load_cert(files.cert);
  const PKey ca_key = load_key(state() / "ca-key.pem");
  ASSERT_TRUE(leaf && ca_key);
  // Same names, same CA, same key: only the expiry differs.
  ASSERT_NE(X509_gmtime_adj(X509_getm_notAfter(leaf.get()), 60L * 60), nullptr);
  ASSERT_GT(X509_sign(leaf.get(), ca_key.get(), EVP_sha256()), 0);
  BIO* out = BIO_new_file(files.cert.c_str(), "w");
  ASSERT_NE(out, nullptr);
  PEM_write_bio_X509(out, leaf.get());
  BIO_free(out);

  ensure_tls(state(), kHosts);
  const Cert renewed = load_cert(files.cert);
  ASSERT_TRUE(renewed);
  std::time_t in_a_year = std::time(nullptr) + 365 * kDay;
  EXPECT_GT(X509_cmp_time(X509_get0_notAfter(renewed.get()), &in_a_year), 0);
}

TEST_F(LocalCaTest, ServerCertFromAnotherCaIsReissued) {
  const fs::path other = root() / "other";
  ensure_tls(other, kHosts);
  const TlsFiles files = ensure_tls(state(), kHosts);
  fs::copy_file(other / "server.pem", files.cert, fs::copy_options::overwrite_existing);
  fs::copy_file(other / "server-key.pem", files.key, fs::copy_options::overwrite_existing);

  ensure_tls(state(), kHosts);
  const Cert ca = load_cert(files.ca_cert);
  const Cert leaf = load_cert(files.cert);
  ASSERT_TRUE(ca && leaf);
  EXPECT_TRUE(verifies(leaf.get(), ca.get(), "www.tiktok.com"));
  EXPECT_NE(common_name(ca.get()), common_name(load_cert(other / "ca.pem").get()));
}

TEST_F(LocalCaTest, SandboxesStartingTogetherShareOneCa) {
  std::vector<TlsFiles> results(8);
  std::vector<std::string> errors(results.size());
  std::latch ready(static_cast<std::ptrdiff_t>(results.size()));
  std::vector<std::thread> starts;
  starts.reserve(results.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    starts.emplace_back([&, i] {
      ready.arrive_and_wait();
      errors[i] = error_of([&] { results[i] = ensure_tls(state(), kHosts); });
    });
  }
  for (std::thread& start : starts) start.join();
  EXPECT_EQ(errors, std::vector<std::string>(results.size()));
  EXPECT_EQ(std::ranges::count_if(results, [](const TlsFiles& r) { return r.ca_created; }), 1);
  const Cert ca = load_cert(state() / "ca.pem");
  const Cert leaf = load_cert(state() / "server.pem");
  ASSERT_TRUE(ca && leaf);
  EXPECT_TRUE(verifies(leaf.get(), ca.get(), "localhost"));
}

TEST_F(LocalCaTest, CorruptCaIsAnErrorNamingTheFile) {
  ensure_tls(state(), kHosts);
  spill(state() / "ca.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all\n");
  const std::string error = error_of([&] { ensure_tls(state(), kHosts); });
  EXPECT_NE(error.find((state() / "ca.pem").string()), std::string::npos) << error;
}

TEST_F(LocalCaTest, CorruptCaKeyIsAnErrorNamingTheFile) {
  ensure_tls(state(), kHosts);
  spill(state() / "ca-key.pem", "garbage");
  const std::string error = error_of([&] { ensure_tls(state(), kHosts); });
  EXPECT_NE(error.find((state() / "ca-key.pem").string()), std::string::npos) << error;
}

TEST_F(LocalCaTest, MissingCaKeyIsAnErrorRatherThanASilentNewCa) {
  ensure_tls(state(), kHosts);
  const std::string ca_before = slurp(state() / "ca.pem");
  fs::remove(state() / "ca-key.pem");
  const std::string error = error_of([&] { ensure_tls(state(), kHosts); });
  EXPECT_NE(error.find("ca-key.pem"), std::string::npos) << error;
  EXPECT_EQ(slurp(state() / "ca.pem"), ca_before);
}

TEST_F(LocalCaTest, InvalidHostNamesAreRefusedBeforeAnythingIsWritten) {
  for (const std::string bad :
       {"bad host", "a/b", "", "-a.example", "a..example", "example.com.", "under_score.example",
        "*.com", "a.*.example", "1.2.3.999", "01.2.3.4", "fe80::1%eth0", "host:8443"}) {
    const std::string error = error_of([&] { ensure_tls(state(), {"localhost", bad}); });
    EXPECT_NE(error.find("invalid host name \"" + bad + "\""), std::string::npos)
        << bad << ": " << error;
  }
  EXPECT_NE(error_of([&] { ensure_tls(state(), {}); }), "");
  EXPECT_FALSE(fs::exists(state()));
}

TEST_F(LocalCaTest, HostNamesAreMatchedCaseInsensitivelyAndDuplicatesDropped) {
  const TlsFiles files = ensure_tls(state(), {"WWW.TikTok.com", "www.tiktok.com", "127.0.0.1"});
  const Cert ca = load_cert(files.ca_cert);
  const Cert leaf = load_cert(files.cert);
  ASSERT_TRUE(ca && leaf);
  EXPECT_TRUE(verifies(leaf.get(), ca.get(), "www.tiktok.com"));
  EXPECT_EQ(common_name(leaf.get()), "www.tiktok.com");
  const std::string before = slurp(files.cert);
  ensure_tls(state(), {"www.tiktok.com", "127.0.0.1"});
  EXPECT_EQ(slurp(files.cert), before);
}

}  // namespace
}  // namespace loginkit::sandbox
