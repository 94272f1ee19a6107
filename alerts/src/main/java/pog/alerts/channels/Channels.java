package pog.alerts.channels;

import pog.alerts.Channel;
import pog.alerts.ChannelConfig;

import java.util.List;

/** The channel for each configured entry. */
public final class Channels {
    private Channels() {
    }

    public static Channel of(ChannelConfig c) {
        if (c instanceof ChannelConfig.Webhook w) {
            return new WebhookChannel(w);
        } else if (c instanceof ChannelConfig.Telegram t) {
            return new TelegramChannel(t);
        } else if (c instanceof ChannelConfig.Discord d) {
            return new DiscordChannel(d);
        } else if (c instanceof ChannelConfig.Slack s) {
            return new SlackChannel(s);
        } else if (c instanceof ChannelConfig.Ntfy n) {
            return new NtfyChannel(n);
        } else if (c instanceof ChannelConfig.Email e) {
            return new EmailChannel(e);
        }
        throw new IllegalArgumentException("unknown channel type " + c.type());
    }

    public static List<Channel> of(List<ChannelConfig> configs) {
        return configs.stream().map(Channels::of).toList();
    }
}
