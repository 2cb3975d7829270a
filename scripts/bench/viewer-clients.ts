/** Opens N viewer connections to a stream and reads frames until killed (a separate process). */
import { connect } from '../../client-protocol/client.ts';

const [url, count] = [process.argv[2], Number(process.argv[3] ?? 32)];
let frames = 0;
const clients = await Promise.all(Array.from({ length: count }, () => connect(url)));
for (const client of clients) {
  client.on('frame', () => frames++);
  client.subscribe(['showcase'], 30);
}
process.send?.({ ready: true });
setInterval(() => process.send?.({ frames }), 1000);
