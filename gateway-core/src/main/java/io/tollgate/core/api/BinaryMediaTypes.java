package io.tollgate.core.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks an API's binary media types. */
final class BinaryMediaTypes {

    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9*][a-z0-9.+*-]*/[a-z0-9*][a-z0-9.+*-]*");

    private BinaryMediaTypes() {
    }

    /** The media types lower case, each checked; problems are reported at {@code binary-media-types[i]}. */
    static List<String> validate(List<String> mediaTypes, Problems problems) {
        List<String> binary = new ArrayList<>();
        for (int i = 0; i < mediaTypes.size(); i++) {
            String mediaType = mediaTypes.get(i) == null ? "" : mediaTypes.get(i).trim().toLowerCase(Locale.ROOT);
            if (!MEDIA_TYPE.matcher(mediaType).matches()) {
                problems.add("binary-media-types[" + i + "]", "'" + mediaTypes.get(i)
                        + "' is not a media type like image/png or image/*");
            } else {
                binary.add(mediaType);
            }
        }
        return binary;
    }
}
