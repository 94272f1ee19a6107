/**
 * One class per service, each speaking that service's own protocol (Telegram Bot API sendMessage, Discord and Slack
 * webhooks, ntfy's JSON publish, SMTP via Jakarta Mail, a signed generic webhook). A channel never logs and never
 * puts its URL or token into an error: the journal and the dashboard show its errors as they are.
 */
package pog.alerts.channels;
