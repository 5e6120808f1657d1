package org.efficientmixnet.stego.inspect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.efficientmixnet.stego.features.JpegQuality;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;

/** What a JPEG says about itself: size, components, tables, the IJG quality they match, and its APPn/COM segments. */
public final class JpegInfo {
    private JpegInfo() {
    }

    /** The IJG quality of the luminance table and whether the table is exactly an IJG table. */
    public record Quality(int quality, boolean exactIjg) {
    }

    public static Quality quality(JpegCoefficients j) {
        int[] t = j.quantTableOf(0);
        return new Quality(JpegQuality.estimate(t), JpegQuality.exact(t));
    }

    /** One line per APPn/COM segment: marker, length, and what it is (JFIF version and density, Exif, text of comments). */
    public static List<String> metadata(JpegCoefficients j) {
        List<String> out = new ArrayList<>();
        for (JpegCoefficients.Segment s : j.metadata()) {
            byte[] d = s.data();
            int m = s.marker();
            String name = m == 0xFE ? "COM" : m >= 0xE0 && m <= 0xEF ? "APP" + (m - 0xE0) : String.format("FF%02X", m);
            String what;
            if (m == 0xFE) {
                what = "comment \"" + printable(new String(d, StandardCharsets.ISO_8859_1), 200) + "\"";
            } else if (m == 0xE0 && d.length >= 14 && startsWith(d, "JFIF\0")) {
                String units = switch (d[7]) {
                    case 1 -> "dpi";
                    case 2 -> "dpcm";
                    default -> "aspect";
                };
                what = String.format(Locale.ROOT, "JFIF %d.%02d, density %d×%d %s, thumbnail %d×%d", d[5], d[6],
                        (d[8] & 0xff) << 8 | (d[9] & 0xff), (d[10] & 0xff) << 8 | (d[11] & 0xff), units, d[12] & 0xff, d[13] & 0xff);
            } else if (m == 0xE1 && startsWith(d, "Exif\0")) {
                what = "Exif (" + (d.length - 6) + " bytes of TIFF data)";
            } else if (m == 0xE1 && startsWith(d, "http://ns.adobe.com/xap/")) {
                what = "XMP";
            } else if (m == 0xE2 && startsWith(d, "ICC_PROFILE\0")) {
                what = "ICC profile";
            } else if (m == 0xEE && startsWith(d, "Adobe")) {
                what = "Adobe";
            } else {
                what = "\"" + printable(new String(d, 0, Math.min(d.length, 32), StandardCharsets.ISO_8859_1), 32) + "\"";
            }
            out.add(name + "\t" + d.length + " bytes\t" + what);
        }
        return out;
    }

    private static boolean startsWith(byte[] d, String s) {
        byte[] p = s.getBytes(StandardCharsets.ISO_8859_1);
        if (d.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (d[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    /** Control characters shown as \xNN, at most {@code max} characters. */
    static String printable(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (sb.length() >= max) {
                sb.append('…');
                break;
            }
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
