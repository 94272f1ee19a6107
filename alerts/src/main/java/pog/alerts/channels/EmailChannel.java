package pog.alerts.channels;

import jakarta.mail.Authenticator;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import pog.alerts.Channel;
import pog.alerts.ChannelConfig;
import pog.alerts.Message;

import java.util.Date;
import java.util.Properties;

/**
 * E-mail over SMTP through Jakarta Mail: STARTTLS required when {@code starttls} is on (the default; a server that
 * does not offer it is refused rather than sent to in clear), AUTH when a username is set. The subject is the
 * headline, the body plain text.
 */
public final class EmailChannel implements Channel {
    private final ChannelConfig.Email config;
    private final Session session;

    public EmailChannel(ChannelConfig.Email config) {
        this(config, null);
    }

    /** @param trustHost a host whose certificate is trusted without a CA (tests against a local server); else null */
    public EmailChannel(ChannelConfig.Email config, String trustHost) {
        this.config = config;
        Properties p = new Properties();
        p.put("mail.smtp.host", config.host());
        p.put("mail.smtp.port", String.valueOf(config.port()));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "10000");
        p.put("mail.smtp.writetimeout", "10000");
        if (config.starttls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        if (trustHost != null) {
            p.put("mail.smtp.ssl.trust", trustHost);
        }
        Authenticator auth = null;
        if (config.username() != null) {
            p.put("mail.smtp.auth", "true");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(config.username(), config.password());
                }
            };
        }
        this.session = Session.getInstance(p, auth);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return "email";
    }

    @Override
    public void send(Message m) throws DeliveryException {
        try {
            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(new InternetAddress(config.from()));
            for (String to : config.to()) {
                mail.addRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(to));
            }
            mail.setSubject(m.headline(), "UTF-8");
            mail.setSentDate(new Date(m.time()));
            mail.setHeader("X-PoG-Alert", m.alertId() + " " + m.kind());
            mail.setText(m.body() + "\n", "UTF-8");
            Transport.send(mail);
        } catch (AddressException e) {
            throw new DeliveryException("e-mail: an address in from/to is not valid", false);
        } catch (AuthenticationFailedException e) {
            throw new DeliveryException("e-mail: the SMTP server " + config.host() + " refused the username or password",
                    false);
        } catch (SendFailedException e) {
            throw new DeliveryException("e-mail: the SMTP server " + config.host() + " refused a recipient", false);
        } catch (MessagingException e) {
            throw new DeliveryException("e-mail: " + describe(e), true);
        }
    }

    private String describe(MessagingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "the SMTP server " + config.host() + ":" + config.port() + " could not be reached (connection refused)";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "the SMTP server host " + config.host() + " is unknown";
            }
            if (t instanceof java.net.SocketTimeoutException) {
                return "the SMTP server " + config.host() + ":" + config.port() + " did not answer in time";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "STARTTLS with " + config.host() + " failed (certificate or TLS problem)";
            }
        }
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("STARTTLS")) {
            return "the SMTP server " + config.host() + " does not offer STARTTLS, and starttls is on";
        }
        return "the SMTP server " + config.host() + " refused the message";
    }
}
