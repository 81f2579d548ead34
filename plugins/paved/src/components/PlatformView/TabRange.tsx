import { ReactNode, createContext, useContext } from 'react';

/** The time window (unix seconds) of the Platform tab, for cards that follow it when shown there. */
const TabRangeContext = createContext<
  { start: number; end: number } | undefined
>(undefined);

/** Gives the cards inside the tab's window; cards shown elsewhere get none. */
export const TabRangeProvider = (props: {
  window: { start: number; end: number };
  children: ReactNode;
}) => (
  <TabRangeContext.Provider value={props.window}>
    {props.children}
  </TabRangeContext.Provider>
);

/** The Platform tab's window when the card is on the tab, otherwise undefined. */
export const useTabRange = () => useContext(TabRangeContext);
