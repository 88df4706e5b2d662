package dev.gathering.platform.web;

import java.math.BigInteger;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * JSON request bodies are read strictly: a value of the wrong JSON type is refused (no number or boolean for a
 * string, no "5" for a number, no 1.5 for an integer), integers must fit their field, numbers must be finite, and no
 * string may contain the NUL character (PostgreSQL cannot store it). Each refusal is a {@link MismatchedInputException}
 * with the field's path, which {@link ApiExceptionHandler} answers as a 422 naming the field.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    /** A value a field cannot take; the message is in the request's terms. */
    static final class InvalidValue extends MismatchedInputException {
        InvalidValue(JsonParser parser, String message, Class<?> target) {
            super(parser, message, target);
        }
    }

    @Bean
    JsonMapperBuilderCustomizer strictJsonInput() {
        SimpleModule module = new SimpleModule("gathering-strict-input");
        module.addDeserializer(String.class, new Strings());
        module.addDeserializer(Integer.class, new Whole<>(Integer.class, null, 32, BigInteger::intValue));
        module.addDeserializer(int.class, new Whole<>(int.class, 0, 32, BigInteger::intValue));
        module.addDeserializer(Long.class, new Whole<>(Long.class, null, 64, BigInteger::longValue));
        module.addDeserializer(long.class, new Whole<>(long.class, 0L, 64, BigInteger::longValue));
        module.addDeserializer(Double.class, new Doubles(Double.class, null));
        module.addDeserializer(double.class, new Doubles(double.class, 0.0));
        return builder -> builder
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .addModule(module);
    }

    static final class Strings extends StdScalarDeserializer<String> {
        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                String value = parser.getString();
                if (value.indexOf('\u0000') >= 0) {
                    throw new InvalidValue(parser, "must not contain the NUL character (\\u0000)", String.class);
                }
                if (!wellFormed(value)) {
                    throw new InvalidValue(parser, "must be valid Unicode text (it holds a lone surrogate)", String.class);
                }
                return value;
            }
            throw new InvalidValue(parser, "must be a string", String.class);
        }
    }

    /** Whole numbers of {@code bits} bits (int, long), boxed or primitive. */
    static final class Whole<T extends Number> extends StdScalarDeserializer<T> {
        private final T nullValue;
        private final int bits;
        private final java.util.function.Function<BigInteger, T> convert;

        Whole(Class<?> type, T nullValue, int bits, java.util.function.Function<BigInteger, T> convert) {
            super(type);
            this.nullValue = nullValue;
            this.bits = bits;
            this.convert = convert;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_NUMBER_INT)) {
                throw new InvalidValue(parser, "must be an integer", handledType());
            }
            BigInteger value = parser.getBigIntegerValue();
            if (value.bitLength() >= bits) {
                BigInteger limit = BigInteger.ONE.shiftLeft(bits - 1);
                throw new InvalidValue(parser, "must be an integer between " + limit.negate() + " and "
                        + limit.subtract(BigInteger.ONE), handledType());
            }
            return convert.apply(value);
        }

        @Override
        public Object getNullValue(DeserializationContext context) {
            return nullValue;
        }
    }

    static final class Doubles extends StdScalarDeserializer<Double> {
        private final Double nullValue;

        Doubles(Class<?> type, Double nullValue) {
            super(type);
            this.nullValue = nullValue;
        }

        @Override
        public Double deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_NUMBER_INT) && !parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                throw new InvalidValue(parser, "must be a number", Double.class);
            }
            double value = parser.getDoubleValue();
            if (!Double.isFinite(value)) {
                throw new InvalidValue(parser, "must be a finite number", Double.class);
            }
            return value;
        }

        @Override
        public Object getNullValue(DeserializationContext context) {
            return nullValue;
        }
    }

    /** No lone UTF-16 surrogate (an escape such as {@code \\ud800} alone): it cannot be stored or embedded. */
    static boolean wellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
