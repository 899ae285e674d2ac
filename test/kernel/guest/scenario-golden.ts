// The golden messages of the unit tests, sent byte for byte to the guest's kernel in order (family
// id patched), each acknowledged; `ipvsadm -S -n` after each.
import { openGenlSocket } from '../../../src/net/genl.js';
import { NetlinkTransport } from '../../../src/ipvs/transport.js';
import { GOLDEN_OPS } from '../../unit/ipvs/golden.js';
import { ipvsadm, openKernel, saved } from './util.js';

export async function golden() {
  ipvsadm('-C');
  const familyId = (await openKernel()).familyId;
  const transport = new NetlinkTransport(openGenlSocket());
  const steps = [];
  for (const g of GOLDEN_OPS) {
    const bytes = g.bytes.slice();
    const view = new DataView(bytes.buffer);
    view.setUint16(4, familyId, true);
    const seq = transport.reserve(1);
    view.setUint32(8, seq, true);
    const reply = await transport.batch(bytes, seq, seq);
    steps.push({ name: g.name, errno: reply.errors.get(seq) ?? 0, saved: saved() });
  }
  transport.close();
  return { familyId, steps };
}
