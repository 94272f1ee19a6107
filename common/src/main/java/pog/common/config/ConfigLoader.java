package pog.common.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a YAML file into a config record, strictly: an unknown key, a wrong type or a missing file becomes a
 * {@link ConfigException} naming the file and the key.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ConfigLoader() {
    }

    public static <T> T load(Path file, Class<T> type) {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, null, "file not found");
        } catch (IOException e) {
            throw new ConfigException(name, null, "cannot read: " + e.getMessage());
        }
        return parse(name, bytes, type);
    }

    public static <T> T parse(String name, byte[] yaml, Class<T> type) {
        try {
            T value = YAML.readValue(yaml, type);
            if (value == null) {
                throw new ConfigException(name, null, "is empty");
            }
            return value;
        } catch (JsonMappingException e) {
            throw translate(name, e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, null, "is not valid YAML" + where(e.getLocation()) + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(name, null, "cannot read: " + e.getMessage());
        }
    }

    private static ConfigException translate(String file, JsonMappingException e) {
        if (e.getCause() instanceof ConfigException ce) {
            return ce;
        }
        String key = path(e.getPath());
        if (e instanceof UnrecognizedPropertyException u) {
            String full = key.isEmpty() ? u.getPropertyName() : key;
            return new ConfigException(file, full, "unknown key" + where(e.getLocation())
                    + " (known here: " + String.join(", ", known(u)) + ")");
        }
        if (e instanceof InvalidTypeIdException t) {
            return new ConfigException(file, key.isEmpty() ? "type" : key + ".type",
                    "unknown type '" + t.getTypeId() + "'");
        }
        if (e instanceof InvalidFormatException f) {
            return new ConfigException(file, key, "expected " + describe(f.getTargetType()) + ", got '"
                    + f.getValue() + "'");
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return new ConfigException(file, key, v.getCause().getMessage());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new ConfigException(file, key, "expected " + describe(m.getTargetType()) + where(e.getLocation()));
        }
        return new ConfigException(file, key, e.getOriginalMessage());
    }

    private static List<String> known(UnrecognizedPropertyException u) {
        return u.getKnownPropertyIds() == null ? List.of()
                : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : " (line " + location.getLineNr() + ")";
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == BigDecimal.class || type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.isEnum()) {
            Object[] values = type.getEnumConstants();
            StringBuilder b = new StringBuilder("one of ");
            for (int i = 0; i < values.length; i++) {
                b.append(i == 0 ? "" : ", ").append(values[i].toString().toLowerCase().replace('_', '-'));
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
