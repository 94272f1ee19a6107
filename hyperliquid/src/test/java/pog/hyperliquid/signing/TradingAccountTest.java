package pog.hyperliquid.signing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TradingAccountTest {
    private static final PrivateKey AGENT_KEY =
            PrivateKey.fromHex("0x0123456789012345678901234567890123456789012345678901234567890123");
    private static final Address ACCOUNT = Address.of("0x5e9ee1089755c3435139848e47e6635505d5a13a");
    private static final Address VAULT = Address.of("0x1719884eb866cb12b2287399b15f7db5e7d775ea");

    @Test
    void anOwnKeyActsForItsOwnAddress() {
        TradingAccount own = TradingAccount.own(AGENT_KEY);
        assertThat(own.isAgent()).isFalse();
        assertThat(own.queryAddress()).isEqualTo(AGENT_KEY.address());
    }

    @Test
    void anAgentSignsAsItselfForAnotherAccount() throws Exception {
        TradingAccount agent = TradingAccount.agent(ACCOUNT, AGENT_KEY);
        assertThat(agent.isAgent()).isTrue();
        assertThat(agent.queryAddress()).isEqualTo(ACCOUNT);
        assertThat(agent.toString()).contains(ACCOUNT.toString()).contains("(agent)");

        ObjectNode action = (ObjectNode) new ObjectMapper().readTree("{\"type\":\"scheduleCancel\"}");
        L1Action signed = new L1Action(action, 1700000000000L);
        Signature sig = agent.l1Signer(Network.TESTNET).sign(signed);
        // The venue recovers the agent and maps it to the account; the account's own address is not recovered.
        assertThat(L1Verifier.recover(signed, Network.TESTNET, sig)).contains(AGENT_KEY.address());
        assertThat(L1Verifier.verify(signed, Network.TESTNET, sig, ACCOUNT)).isFalse();
    }

    @Test
    void aVaultGoesIntoTheHashAndIsTheQueriedUser() throws Exception {
        TradingAccount inVault = TradingAccount.agent(ACCOUNT, AGENT_KEY).withVault(VAULT);
        assertThat(inVault.queryAddress()).isEqualTo(VAULT);
        ObjectNode action = (ObjectNode) new ObjectMapper().readTree("{\"type\":\"scheduleCancel\"}");
        L1Action withVault = new L1Action(action, 1, inVault.vault(), null);
        Signature sig = inVault.l1Signer(Network.MAINNET).sign(withVault);
        assertThat(L1Verifier.verify(withVault, Network.MAINNET, sig, AGENT_KEY.address())).isTrue();
        assertThat(L1Verifier.verify(new L1Action(action, 1), Network.MAINNET, sig, AGENT_KEY.address())).isFalse();
    }
}
