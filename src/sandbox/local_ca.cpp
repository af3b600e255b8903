#include "sandbox/local_ca.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace loginkit::sandbox {
namespace {

namespace fs = std::filesystem;

constexpr long kDay = 24L * 60 * 60;
constexpr long kCaLifetime = 3650 * kDay;
// Apple and Chrome refuse server certificates valid for more than 825 days; the hour notBefore
// is moved back for clock skew counts toward that, so stay a day under.
constexpr long kLeafLifetime = 824 * kDay;
constexpr long kClockSkew = 60L * 60;
constexpr std::size_t kMaxCommonName = 64;  // ub-common-name, RFC 5280 appendix A

template <auto Free>
struct Deleter {
  void operator()(auto* p) const noexcept { Free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using Bignum = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using GeneralNames = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("sandbox TLS: " + what);
}

[[noreturn]] void fail_openssl(const std::string& what) {
  std::string detail;
  while (const unsigned long code = ERR_get_error()) {
    std::array<char, 256> text{};
    ERR_error_string_n(code, text.data(), text.size());
    detail += (detail.empty() ? "" : "; ") + std::string(text.data());
  }
  fail(what + ": " + (detail.empty() ? "OpenSSL reported no detail" : detail));
}

[[noreturn]] void fail_errno(const std::string& what, const fs::path& path) {
  const int err = errno;
  fail(what + " " + path.string() + ": " + std::generic_category().message(err));
}

template <class T>
T* check(T* made, const std::string& what) {
  if (made == nullptr) fail_openssl(what);
  return made;
}

void check(int rc, const std::string& what) {
  if (rc <= 0) fail_openssl(what);
}

struct FileHandle {
  int fd;
  explicit FileHandle(int descriptor) : fd(descriptor) {}
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;
  ~FileHandle() { static_cast<void>(fd < 0 || ::close(fd) == 0); }
};

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in && errno == ENOENT) return std::nullopt;
  if (!in) fail_errno("cannot open", path);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) fail_errno("cannot read", path);
  return text;
}

// Readers see the old file or the new one, never half of one; the key never exists with a wider
// mode than 0600, not even as the temporary file.
void write_file_atomic(const fs::path& path, const std::string& data, mode_t mode) {
  fs::path temp = path;
  temp += ".tmp";
  ::unlink(temp.c_str());  // a crash's leftover; the state lock keeps other writers out
  FileHandle file(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
  if (file.fd < 0) fail_errno("cannot create", temp);
  try {
    // umask may only have narrowed the mode; ca.pem must stay readable by the test runners.
    if (::fchmod(file.fd, mode) != 0) fail_errno("cannot set the mode of", temp);
    for (std::size_t done = 0; done < data.size();) {
      const ssize_t n = ::write(file.fd, data.data() + done, data.size() - done);
      if (n < 0 && errno != EINTR) fail_errno("cannot write", temp);
      done += n > 0 ? static_cast<std::size_t>(n) : 0;
    }
    if (::fsync(file.fd) != 0) fail_errno("cannot sync", temp);
    if (::close(std::exchange(file.fd, -1)) != 0) fail_errno("cannot close", temp);
    if (::rename(temp.c_str(), path.c_str()) != 0) fail_errno("cannot replace", path);
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  const FileHandle dir(::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.fd < 0 || ::fsync(dir.fd) != 0) fail_errno("cannot sync", path.parent_path());
}

// Two sandboxes starting together on one state folder would otherwise both make a CA, and the
// tests would trust whichever ca.pem they read first.
int lock_state_dir(const fs::path& dir) {
  const fs::path path = dir / "tls.lock";
  FileHandle lock(::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (lock.fd < 0) fail_errno("cannot open", path);
  while (::flock(lock.fd, LOCK_EX) != 0) {
    if (errno != EINTR) fail_errno("cannot lock", path);
  }
  return std::exchange(lock.fd, -1);
}

struct Host {
  std::string name;     // as written into the certificate (DNS names lower-cased)
  std::string san_key;  // "DNS:<name>" or "IP:<raw bytes>", what a certificate's SAN compares to
};

constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kLabelChars =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";

std::string bytes_of(const ASN1_STRING* text) {
  const auto* data = reinterpret_cast<const char*>(ASN1_STRING_get0_data(text));
  return {data, static_cast<std::size_t>(ASN1_STRING_length(text))};
}

// inet_pton rather than OpenSSL's parser, whose sscanf takes "1.2.3.4x" and "01.2.3.4".
std::optional<std::string> ip_san_key(const std::string& text) {
  std::array<unsigned char, 16> bytes{};
  if (::inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) {
    return "IP:" + std::string(bytes.begin(), bytes.begin() + 4);
  }
  if (::inet_pton(AF_INET6, text.c_str(), bytes.data()) == 1) {
    return "IP:" + std::string(bytes.begin(), bytes.end());
  }
  return std::nullopt;
}

// RFC 1123 §2.1 labels; "*." only as the whole first label, over at least two more labels.
bool is_dns_name(std::string_view name) {
  const bool wildcard = name.starts_with("*.");
  if (wildcard) name.remove_prefix(2);
  if (name.empty() || name.size() > 253) return false;
  std::size_t labels = 0;
  std::string_view label;
  for (std::size_t start = 0; start <= name.size(); ++labels) {
    const std::size_t dot = std::min(name.find('.', start), name.size());
    label = name.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    if (label.find_first_not_of(kLabelChars) != label.npos) return false;
    start = dot + 1;
  }
  // An all-digit last label is a mistyped address (RFC 3696 §2).
  return label.find_first_not_of(kDigits) != label.npos && (!wildcard || labels >= 2);
}

std::vector<Host> parse_hosts(const std::vector<std::string>& texts) {
  if (texts.empty()) fail("no host names to issue the server certificate for");
  std::vector<Host> hosts;
  for (const std::string& text : texts) {
    const std::optional<std::string> ip = ip_san_key(text);
    if (!ip && !is_dns_name(text)) {
      fail("invalid host name \"" + text +
           "\": use letters, digits, '-' and '.' (optionally a leading \"*.\"), or an IP address");
    }
    Host host{text, ip.value_or("")};
    for (char& c : host.name) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    if (!ip) host.san_key = "DNS:" + host.name;
    const auto same = [&](const Host& other) { return other.san_key == host.san_key; };
    if (std::ranges::none_of(hosts, same)) hosts.push_back(std::move(host));
  }
  return hosts;
}

std::vector<std::string> san_keys(const X509* cert) {
  std::vector<std::string> keys;
  const GeneralNames names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) {
      keys.push_back("DNS:" + bytes_of(name->d.dNSName));
    } else if (name->type == GEN_IPADD) {
      keys.push_back("IP:" + bytes_of(name->d.iPAddress));  // raw, only compared
    } else {
      keys.emplace_back("other");
    }
  }
  return keys;
}

std::string to_pem(const X509* cert, const EVP_PKEY* key) {
  const Bio bio(check(BIO_new(BIO_s_mem()), "BIO_new"));
  if (cert != nullptr) check(PEM_write_bio_X509(bio.get(), cert), "encoding a certificate");
  if (key != nullptr) {
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
          "encoding a private key");
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return {data, static_cast<std::size_t>(size)};
}

Bio reader(const std::string& pem) {
  return Bio(check(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), "BIO_new"));
}

// Null when the text holds no such PEM object; the OpenSSL error queue is left for the caller.
Cert parse_cert(const std::string& pem) {
  return Cert(PEM_read_bio_X509(reader(pem).get(), nullptr, nullptr, nullptr));
}

PKey parse_key(const std::string& pem) {
  // An encrypted key must fail here rather than prompt on the terminal for a passphrase.
  auto no_passphrase = [](char*, int, int, void*) { return 0; };
  return PKey(PEM_read_bio_PrivateKey(reader(pem).get(), nullptr, no_passphrase, nullptr));
}

bool expires_within(const X509* cert, long seconds) {
  std::time_t limit = std::time(nullptr) + seconds;
  return X509_cmp_time(X509_get0_notAfter(cert), &limit) <= 0;  // 0 is a parse error: renew
}

Cert start_cert(EVP_PKEY* key, const std::string& common_name, long lifetime) {
  Cert cert(check(X509_new(), "X509_new"));
  check(X509_set_version(cert.get(), X509_VERSION_3), "X509_set_version");
  // 128 bits, positive and never zero (RFC 5280 §4.1.2.2), from the CSPRNG (BN_rand uses it).
  const Bignum serial(check(BN_new(), "BN_new"));
  check(BN_rand(serial.get(), 128, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY), "BN_rand");
  check(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())), "setting the serial");
  X509_NAME* subject = X509_get_subject_name(cert.get());
  const auto* cn = reinterpret_cast<const unsigned char*>(common_name.c_str());
  check(X509_NAME_add_entry_by_NID(subject, NID_commonName, MBSTRING_UTF8, cn, -1, -1, 0), "CN");
  check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kClockSkew), "setting notBefore");
  check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), lifetime - kClockSkew), "notAfter");
  check(X509_set_pubkey(cert.get(), key), "X509_set_pubkey");
  return cert;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context{};
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  const Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  if (!extension) fail_openssl(std::string("making extension ") + OBJ_nid2sn(nid) + "=" + value);
  check(X509_add_ext(cert, extension.get(), -1), "X509_add_ext");
}

std::string ca_common_name() {
  std::array<char, 256> buffer{};
  std::string machine = "local";
  if (::gethostname(buffer.data(), buffer.size() - 1) == 0 && buffer[0] != '\0') {
    machine = buffer.data();
    for (char& c : machine) c = kLabelChars.find(c) != kLabelChars.npos || c == '.' ? c : '-';
  }
  unsigned int tag = 0;
  check(RAND_bytes(reinterpret_cast<unsigned char*>(&tag), sizeof tag), "RAND_bytes");
  std::array<char, 12> suffix{};
  std::snprintf(suffix.data(), suffix.size(), ") %08x", tag);
  machine.resize(std::min<std::size_t>(machine.size(), 32));  // the CN stays within 64 chars
  return "loginkit sandbox CA (" + machine + suffix.data();
}

struct Ca {
  PKey key;
  Cert cert;
  bool created = false;
};

Ca make_ca(const fs::path& cert_path, const fs::path& key_path) {
  Ca ca{PKey(check(EVP_EC_gen("P-256"), "generating the CA key")), nullptr, true};
  ca.cert = start_cert(ca.key.get(), ca_common_name(), kCaLifetime);
  X509* cert = ca.cert.get();
  check(X509_set_issuer_name(cert, X509_get_subject_name(cert)), "X509_set_issuer_name");
  add_extension(cert, cert, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_extension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(cert, cert, NID_subject_key_identifier, "hash");
  check(X509_sign(cert, ca.key.get(), EVP_sha256()), "signing the CA certificate");
  // Key first: a crash between the two leaves no ca.pem, and the next start makes a fresh pair.
  write_file_atomic(key_path, to_pem(nullptr, ca.key.get()), 0600);
  write_file_atomic(cert_path, to_pem(cert, nullptr), 0644);
  return ca;
}

Ca load_or_make_ca(const fs::path& dir) {
  const fs::path cert_path = dir / "ca.pem";
  const fs::path key_path = dir / "ca-key.pem";
  const std::optional<std::string> cert_pem = read_file(cert_path);
  if (!cert_pem) return make_ca(cert_path, key_path);
  const std::optional<std::string> key_pem = read_file(key_path);
  // Replacing a CA the tests already trust would break them with no hint why; ask instead.
  if (!key_pem) {
    fail(key_path.string() + " is missing but " + cert_path.string() +
         " exists; remove both to make a new CA (clients must then trust the new ca.pem)");
  }
  Ca ca{parse_key(*key_pem), parse_cert(*cert_pem), false};
  if (!ca.cert) fail_openssl("cannot load the CA certificate " + cert_path.string());
  if (!ca.key) fail_openssl("cannot load the CA private key " + key_path.string());
  if (X509_check_ca(ca.cert.get()) != 1) fail(cert_path.string() + " is not a CA certificate");
  if (X509_check_private_key(ca.cert.get(), ca.key.get()) != 1) {
    fail_openssl(key_path.string() + " does not match " + cert_path.string());
  }
  if (expires_within(ca.cert.get(), kDay)) return make_ca(cert_path, key_path);
  return ca;
}

bool server_cert_is_current(const fs::path& cert_path, const fs::path& key_path, const Ca& ca,
                            const std::vector<Host>& hosts) {
  const std::optional<std::string> cert_pem = read_file(cert_path);
  const std::optional<std::string> key_pem = read_file(key_path);
  if (!cert_pem || !key_pem) return false;
  // Unlike the CA these files are ours alone to remake, so a damaged one is simply reissued.
  const Cert cert = parse_cert(*cert_pem);
  const PKey key = parse_key(*key_pem);
  std::vector<std::string> wanted(hosts.size());
  std::ranges::transform(hosts, wanted.begin(), &Host::san_key);
  const bool current = cert && key && X509_check_private_key(cert.get(), key.get()) == 1 &&
                       X509_verify(cert.get(), X509_get0_pubkey(ca.cert.get())) == 1 &&
                       !expires_within(cert.get(), kDay) && san_keys(cert.get()) == wanted;
  ERR_clear_error();
  return current;
}

void issue_server_cert(const fs::path& cert_path, const fs::path& key_path, const Ca& ca,
                       const std::vector<Host>& hosts) {
  const PKey key(check(EVP_EC_gen("P-256"), "generating the server key"));
  const std::string& first = hosts.front().name;
  Cert cert = start_cert(
      key.get(), first.size() <= kMaxCommonName ? first : "loginkit sandbox server", kLeafLifetime);
  X509* leaf = cert.get();
  check(X509_set_issuer_name(leaf, X509_get_subject_name(ca.cert.get())), "X509_set_issuer_name");
  if (ASN1_TIME_compare(X509_get0_notAfter(leaf), X509_get0_notAfter(ca.cert.get())) > 0) {
    check(X509_set1_notAfter(leaf, X509_get0_notAfter(ca.cert.get())), "X509_set1_notAfter");
  }
  std::string alt_names;
  for (const Host& host : hosts) {  // validated, so no ',' can split the list wrongly
    const char* kind = host.san_key.starts_with("IP:") ? "IP:" : "DNS:";
    alt_names += (alt_names.empty() ? kind : std::string(",") + kind) + host.name;
  }
  add_extension(leaf, ca.cert.get(), NID_basic_constraints, "CA:FALSE");
  add_extension(leaf, ca.cert.get(), NID_key_usage, "critical,digitalSignature");
  add_extension(leaf, ca.cert.get(), NID_ext_key_usage, "serverAuth");
  add_extension(leaf, ca.cert.get(), NID_subject_key_identifier, "hash");
  add_extension(leaf, ca.cert.get(), NID_authority_key_identifier, "keyid:always");
  add_extension(leaf, ca.cert.get(), NID_subject_alt_name, alt_names);
  check(X509_sign(leaf, ca.key.get(), EVP_sha256()), "signing the server certificate");
  // Key first: a crash between the two leaves a mismatched pair, which the next start reissues.
  write_file_atomic(key_path, to_pem(nullptr, key.get()), 0600);
  write_file_atomic(cert_path, to_pem(leaf, nullptr) + to_pem(ca.cert.get(), nullptr), 0644);
}

}  // namespace

TlsFiles ensure_tls(const std::filesystem::path& state_dir, const std::vector<std::string>& hosts) {
  ERR_clear_error();  // so a failure reports its own errors, not an earlier caller's
  const std::vector<Host> parsed = parse_hosts(hosts);
  // A folder the caller already has is theirs to set the mode of; only a new one is narrowed.
  if (fs::create_directories(state_dir)) fs::permissions(state_dir, fs::perms::owner_all);
  const FileHandle lock(lock_state_dir(state_dir));  // released when this returns
  const Ca ca = load_or_make_ca(state_dir);
  TlsFiles files{state_dir / "ca.pem", state_dir / "server.pem", state_dir / "server-key.pem",
                 ca.created};
  if (!server_cert_is_current(files.cert, files.key, ca, parsed)) {
    issue_server_cert(files.cert, files.key, ca, parsed);
  }
  return files;
}

}  // namespace loginkit::sandbox
