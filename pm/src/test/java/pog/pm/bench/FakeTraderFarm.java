package pog.pm.bench;

import pog.pm.FakeTrader;

import java.util.HashMap;
import java.util.Map;

/** Many fake traders in one JVM (ids t0..tN-1 on consecutive ports), to measure PM with 200 traders cheaply. */
public final class FakeTraderFarm {
    private FakeTraderFarm() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        int basePort = Integer.parseInt(args[1]);
        for (int i = 0; i < count; i++) {
            Map<String, String> a = new HashMap<>();
            a.put("port", Integer.toString(basePort + i));
            a.put("service", "t" + i);
            FakeTrader.serve(a);
        }
        System.out.println("farm ready: " + count + " fake traders from port " + basePort);
        Thread.currentThread().join();
    }
}
