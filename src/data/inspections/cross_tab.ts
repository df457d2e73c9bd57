// Tells the other tabs of this browser that the inspection records changed (saved,
// sent, refused), so that their lists refresh. Only one tab's queue uploads at a
// time; without this, the 巡查记录 list of the other tabs would keep showing 待同步.

/** The BroadcastChannel name shared by all tabs of this origin. */
export const INSPECTIONS_CHANNEL_NAME = 'pds-inspections';

export interface CrossTabSignal {
  /** Tell the other tabs (not this one) that the records changed. */
  notify(): void;
  close(): void;
}

/** `onOtherTabChanged` runs when another tab notifies. Without BroadcastChannel, does nothing. */
export function createCrossTabSignal(onOtherTabChanged: () => void, name = INSPECTIONS_CHANNEL_NAME): CrossTabSignal {
  if (typeof BroadcastChannel === 'undefined') return { notify() {}, close() {} };
  const channel = new BroadcastChannel(name);
  // A channel does not receive its own messages, so a refresh here never echoes back.
  channel.onmessage = () => onOtherTabChanged();
  let closed = false;
  return {
    notify() {
      if (closed) return;
      try {
        channel.postMessage('changed');
      } catch {
        // The other tabs refresh on their own next change; nothing here is lost.
      }
    },
    close() {
      closed = true;
      channel.close();
    },
  };
}
