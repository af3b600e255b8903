#include "api/admin/app_json.hpp"

#include <boost/json/array.hpp>

namespace loginkit::admin {

boost::json::object app_json(OAuthContext& ctx, const App& app) {
  boost::json::object o;
  o["client_key"] = app.client_key;
  o["name"] = app.name;
  auto dev = ctx.store.developers().find_developer(app.developer_id);
  o["developer"] = dev ? dev->email : "";
  boost::json::array scopes;
  for (const auto& s : app.scopes) scopes.emplace_back(s);
  o["scopes"] = std::move(scopes);
  o["login_kit"] = app.login_kit;
  o["web"] = app.web_enabled;
  o["require_pkce_web"] = app.require_pkce_web;
  boost::json::object uris;
  for (Platform p : {Platform::kWeb, Platform::kDesktop, Platform::kAndroid, Platform::kIos}) {
    boost::json::array list;
    for (const auto& r : app.redirect_uris) {
      if (r.platform == p) list.emplace_back(r.uri);
    }
    uris[platform_name(p)] = std::move(list);
  }
  o["redirect_uris"] = std::move(uris);
  boost::json::array domains;
  for (const auto& d : app.legacy_domains) domains.emplace_back(d);
  o["legacy_domains"] = std::move(domains);
  o["created_at"] = app.created_at;
  return o;
}

bool read_redirect_uris(const boost::json::value& v, std::vector<RedirectUri>& out) {
  if (v.is_null()) return true;
  if (!v.is_object()) return false;
  for (const auto& [key, list] : v.as_object()) {
    auto platform = parse_platform(std::string_view(key.data(), key.size()));
    if (!platform || !list.is_array()) return false;
    for (const auto& item : list.as_array()) {
      if (!item.is_string()) return false;
      out.push_back({*platform, std::string(item.as_string())});
    }
  }
  return true;
}

}  // namespace loginkit::admin
