#include "core/utf8.hpp"

#include <gtest/gtest.h>

namespace loginkit {
namespace {

TEST(Utf8, ValidTextIsUnchanged) {
  EXPECT_EQ(printable_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80 ok"), "caf\xC3\xA9 \xF0\x9F\x98\x80 ok");
}

TEST(Utf8, InvalidBytesBecomeReplacementAndControlsGo) {
  EXPECT_EQ(printable_utf8("a\xFF"
                           "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(printable_utf8("\xC3\x28"), "\xEF\xBF\xBD(");
  EXPECT_EQ(printable_utf8(std::string("x\0y\n", 4)), "xy");
  EXPECT_EQ(printable_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
}

}  // namespace
}  // namespace loginkit
