package dev.gathering.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import dev.gathering.platform.web.ApiException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.springframework.http.HttpStatus;

/** The text of an uploaded document: Markdown, plain text and CSV as UTF-8, PDF through PDFBox. */
final class DocumentReader {

    record Document(String text, String format) {
    }

    private static final Map<String, String> FORMATS = Map.of("md", "markdown", "markdown", "markdown", "txt", "text",
            "csv", "csv", "pdf", "pdf");
    static final String ACCEPTED = ".md, .markdown, .txt, .csv or .pdf";

    private DocumentReader() {
    }

    /** 415 for an unsupported extension, 400 for an empty, unreadable or textless file. */
    static Document read(String filename, byte[] bytes) {
        String format = format(filename);
        if (bytes.length == 0) {
            throw ApiException.badRequest("The file '" + filename + "' is empty");
        }
        String text = format.equals("pdf") ? pdfText(filename, bytes) : plainText(filename, bytes);
        text = text.replace("\r\n", "\n").replace('\r', '\n').strip();
        if (text.isEmpty()) {
            throw ApiException.badRequest(format.equals("pdf")
                    ? "The PDF '" + filename + "' has no extractable text (a scan needs OCR first)"
                    : "The file '" + filename + "' contains no text");
        }
        return new Document(text, format);
    }

    static String format(String filename) {
        String name = filename == null ? "" : filename.trim();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        String format = FORMATS.get(extension);
        if (format == null) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported file type"
                    + (extension.isEmpty() ? " (no extension)" : " '." + extension + "'") + ": upload " + ACCEPTED);
        }
        return format;
    }

    private static String plainText(String filename, byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            if (text.indexOf('\0') >= 0) {
                throw ApiException.badRequest("The file '" + filename + "' is binary, not text");
            }
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("The file '" + filename + "' is not UTF-8 text");
        }
    }

    private static String pdfText(String filename, byte[] bytes) {
        if (bytes.length < 5 || !new String(bytes, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-")) {
            throw ApiException.badRequest("The file '" + filename + "' is not a PDF document");
        }
        try (PDDocument document = Loader.loadPDF(bytes)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            // a PDF's text may hold NUL characters, which PostgreSQL cannot store
            return stripper.getText(document).replace("\u0000", "");
        } catch (InvalidPasswordException e) {
            throw ApiException.badRequest("The PDF '" + filename + "' is password-protected");
        } catch (IOException e) {
            throw ApiException.badRequest("The PDF '" + filename + "' cannot be read: it is damaged or incomplete");
        }
    }
}
