package pog.common.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.CharConversionException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a YAML file into a config record, strictly: an unknown key, a duplicate key, a wrong type or a missing file
 * becomes a {@link ConfigException} naming the file and the key. Its messages are PoG's own words: whatever the YAML
 * and binding libraries say is translated here, never passed through.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            // the last of two equal keys would silently win: a typo'd copy must stop the service instead
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // "port: 90.5" must not quietly become 90
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();
    private static final Pattern PARENTHESISED = Pattern.compile("\\(([^)]*)\\)");

    private ConfigLoader() {
    }

    public static <T> T load(Path file, Class<T> type) {
        return load(file, type, Map.of());
    }

    /**
     * As {@link #load(Path, Class)}, with the named kinds of a polymorphic section supplied by the caller: each class
     * in {@code kinds} is chosen where its name appears as the {@code type} of a section whose declared type it
     * implements (so a trader's {@code venue:} section parses into the record of the venue module its type names).
     * An unknown or missing {@code type} is an error listing the names given here.
     */
    public static <T> T load(Path file, Class<T> type, Map<String, ? extends Class<?>> kinds) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new ConfigException(name, null, "is a directory, not a config file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, null, "file not found");
        } catch (AccessDeniedException e) {
            throw new ConfigException(name, null, "cannot be read: permission denied");
        } catch (FileSystemException e) {
            throw new ConfigException(name, null, "cannot be read"
                    + (e.getReason() == null ? "" : ": " + e.getReason().toLowerCase(Locale.ROOT)));
        } catch (IOException e) {
            throw new ConfigException(name, null, "cannot be read");
        }
        return parse(name, bytes, type, kinds);
    }

    public static <T> T parse(String name, byte[] yaml, Class<T> type) {
        return parse(name, yaml, type, Map.of());
    }

    /** As {@link #parse(String, byte[], Class)}, with named kinds as in {@link #load(Path, Class, Map)}. */
    public static <T> T parse(String name, byte[] yaml, Class<T> type, Map<String, ? extends Class<?>> kinds) {
        Map<String, Integer> lines = scan(name, yaml);
        ObjectMapper mapper = withKinds(kinds);
        try {
            T value = mapper.readValue(yaml, type);
            if (value == null) {
                throw new ConfigException(name, null, "is empty");
            }
            return value;
        } catch (JsonMappingException e) {
            throw translate(mapper, name, e, lines);
        } catch (JsonProcessingException e) {
            throw syntax(name, e);
        } catch (IOException e) {
            throw new ConfigException(name, null, "cannot be read");
        }
    }

    /** The shared strict mapper, or a copy of it that also knows {@code kinds} (a copy: the shared one stays as built). */
    private static ObjectMapper withKinds(Map<String, ? extends Class<?>> kinds) {
        if (kinds.isEmpty()) {
            return YAML;
        }
        ObjectMapper copy = YAML.copy();
        kinds.forEach((kind, type) -> copy.registerSubtypes(new NamedType(type, kind)));
        return copy;
    }

    /**
     * The first pass, before binding: the text is YAML, one mapping, with no key twice at any level. Returns the
     * line of every key (e.g. {@code services[1].id}), since the binder's own positions are often a line late.
     */
    private static Map<String, Integer> scan(String name, byte[] yaml) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = YAML.createParser(yaml)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ConfigException(name, null, "is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigException(name, null, "must be a mapping of keys to values (\"key: value\" lines), "
                        + "but holds " + (first == JsonToken.START_ARRAY ? "a list" : "a single value"));
            }
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME) {
                    lines.putIfAbsent(key(p), p.currentTokenLocation().getLineNr());
                } else if (t == JsonToken.END_OBJECT && p.getParsingContext().inRoot()) {
                    if (p.nextToken() != null) {
                        throw new ConfigException(name, null, "holds more than one YAML document"
                                + where(p.currentTokenLocation()) + "; a config file is one mapping");
                    }
                    break;
                }
            }
        } catch (JsonProcessingException e) {
            throw syntax(name, e);
        } catch (CharConversionException e) {
            throw new ConfigException(name, null, "is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(name, null, "cannot be read");
        }
        return lines;
    }

    /** A parse error: a duplicate key, a number too large, or text that is not YAML. */
    private static ConfigException syntax(String file, JsonProcessingException e) {
        if (e instanceof InputCoercionException c) {
            return outOfRange(file, key(c.getProcessor()), c, where(tokenLocation(e)));
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamReadException r && message.startsWith("Duplicate field")) {
            return new ConfigException(file, key(r.getProcessor()), "duplicate key" + where(tokenLocation(e))
                    + "; each key may appear once");
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof CharConversionException) {
                return new ConfigException(file, null, "is not UTF-8 text");
            }
        }
        if (e.getCause() instanceof MarkedYAMLException y) {
            return new ConfigException(file, null, "is not valid YAML" + at(y.getProblemMark(), e.getLocation())
                    + explain(y.getProblem()));
        }
        return new ConfigException(file, null, "is not valid YAML" + where(e.getLocation()));
    }

    /** SnakeYAML's problem descriptions, in words that say what to change. */
    private static String explain(String problem) {
        String p = problem == null ? "" : problem;
        if (p.contains("\\t") || p.contains("\t") || p.contains("TAB")) {
            return ": a tab is used for indentation; indent with spaces";
        }
        if (p.startsWith("mapping values are not allowed")) {
            return ": unexpected ':'; quote a value that contains \": \", or check this line's indentation";
        }
        if (p.startsWith("expected <block end>") || p.startsWith("could not find expected ':'")
                || p.startsWith("did not find expected key") || p.startsWith("expected <block mapping start>")) {
            return ": this line does not fit the lines above it; check its indentation and that it reads \"key: value\"";
        }
        if (p.contains("end of stream") || p.startsWith("found unexpected end")) {
            return ": the file ends inside a quoted value or a bracket; close it";
        }
        if (p.startsWith("found undefined alias")) {
            return ": an alias (*name) that no anchor (&name) defines";
        }
        if (p.startsWith("found duplicate anchor")) {
            return ": an anchor (&name) defined twice";
        }
        if (p.contains("expected ',' or ']'") || p.contains("expected ',' or '}'")) {
            return ": a list [..] or section {..} is not closed";
        }
        return "";
    }

    private static ConfigException translate(ObjectMapper mapper, String file, JsonMappingException e,
                                             Map<String, Integer> lines) {
        if (e.getCause() instanceof ConfigException ce) {
            return ce;
        }
        String key = path(e.getPath());
        if (e.getCause() instanceof InputCoercionException c) {
            return outOfRange(file, key, c, where(lines, key, e));
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String full = key.isEmpty() ? u.getPropertyName() : key;
            return new ConfigException(file, full, "unknown key" + where(lines, full, e)
                    + " (known here: " + String.join(", ", known(u.getKnownPropertyIds())) + ")");
        }
        if (e instanceof InvalidTypeIdException t) {
            String typeKey = key.isEmpty() ? "type" : key + ".type";
            List<String> types = subtypeNames(mapper, t);
            String known = types.isEmpty() ? "" : " (known: " + String.join(", ", types) + ")";
            return t.getTypeId() == null
                    ? new ConfigException(file, typeKey, "is required" + where(lines, key, e) + known)
                    : new ConfigException(file, typeKey, "unknown type '" + t.getTypeId() + "'" + known);
        }
        if (e instanceof InvalidFormatException f) {
            return new ConfigException(file, key, "expected " + describe(f.getTargetType()) + ", got '"
                    + f.getValue() + "'" + where(lines, key, e));
        }
        if (e instanceof InvalidNullException n) {
            return new ConfigException(file, key, "needs a value (" + describe(n.getTargetType()) + ")"
                    + where(lines, key, e));
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause();
            boolean ownWords = (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException)
                    && cause.getMessage() != null && !cause.getMessage().contains("\n");
            return new ConfigException(file, key, ownWords ? cause.getMessage() : "has an invalid value"
                    + where(lines, key, e));
        }
        if (e instanceof MismatchedInputException m && (isNull(m.getProcessor())
                || String.valueOf(m.getOriginalMessage()).startsWith("Cannot map `null`"))) {
            return new ConfigException(file, key, "needs a value (" + describe(m.getTargetType()) + ")"
                    + where(lines, key, e));
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new ConfigException(file, key, "expected " + describe(m.getTargetType()) + where(lines, key, e));
        }
        return new ConfigException(file, key, "has a value of the wrong kind" + where(lines, key, e));
    }

    /**
     * Where the offending token starts. The exception's own location is the scanner's, which for YAML is often
     * already on the next line.
     */
    private static JsonLocation tokenLocation(JsonProcessingException e) {
        if (e.getProcessor() instanceof JsonParser p) {
            JsonLocation token = p.currentTokenLocation();
            if (token != null && token.getLineNr() > 0) {
                return token;
            }
        }
        return e.getLocation();
    }

    private static boolean isNull(Object processor) {
        return processor instanceof JsonParser p && p.currentToken() == JsonToken.VALUE_NULL;
    }

    private static ConfigException outOfRange(String file, String key, InputCoercionException c, String where) {
        Class<?> target = c.getTargetType();
        String range = target == int.class || target == Integer.class ? " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                : target == long.class || target == Long.class ? " from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE : "";
        Matcher value = PARENTHESISED.matcher(c.getOriginalMessage() == null ? "" : c.getOriginalMessage());
        String got = value.find() ? ", got " + value.group(1) : "";
        return new ConfigException(file, key, "is out of range: expected a whole number" + range + got + where);
    }

    /** The dotted key the parser was at, e.g. {@code services[1].id}. */
    private static String key(Object processor) {
        if (!(processor instanceof JsonParser p)) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.add("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        Collections.reverse(parts);
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    private static List<String> subtypeNames(ObjectMapper mapper, InvalidTypeIdException t) {
        if (t.getBaseType() == null) {
            return List.of();
        }
        var config = mapper.getDeserializationConfig();
        var annotated = config.introspectClassAnnotations(t.getBaseType()).getClassInfo();
        Collection<NamedType> named = mapper.getSubtypeResolver().collectAndResolveSubtypesByTypeId(config, annotated);
        return named.stream().filter(NamedType::hasName).map(NamedType::getName).sorted().toList();
    }

    private static List<String> known(Collection<Object> ids) {
        return ids == null ? List.of() : ids.stream().map(String::valueOf).sorted().toList();
    }

    /** The line of {@code key}, else of the nearest enclosing key the first pass saw, else the binder's guess. */
    private static String where(Map<String, Integer> lines, String key, JsonProcessingException e) {
        for (String k = key; !k.isEmpty(); k = parent(k)) {
            Integer line = lines.get(k);
            if (line != null) {
                return " (line " + line + ")";
            }
        }
        return where(tokenLocation(e));
    }

    private static String parent(String key) {
        int cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
        return cut < 0 ? "" : key.substring(0, cut);
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : " (line " + location.getLineNr() + ")";
    }

    private static String at(Mark mark, JsonLocation fallback) {
        if (mark == null) {
            return where(fallback);
        }
        return " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == BigDecimal.class || type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == Path.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type.isEnum()) {
            Object[] values = type.getEnumConstants();
            StringBuilder b = new StringBuilder("one of ");
            for (int i = 0; i < values.length; i++) {
                b.append(i == 0 ? "" : ", ").append(values[i].toString().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            return b.toString();
        }
        return "a section";
    }

    static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
